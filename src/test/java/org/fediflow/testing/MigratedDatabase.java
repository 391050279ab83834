package org.fediflow.testing;

import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/** A database with Fediflow's real migrations applied, for tests of one store without a Spring context. */
public final class MigratedDatabase {

    private MigratedDatabase() {
    }

    /** A fresh in-memory H2 database. */
    public static DataSource h2() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return migrated(dataSource);
    }

    /** The given database, migrated as a node migrates its own at start. */
    public static DataSource migrated(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                .table("fediflow_schema_history").load().migrate();
        return dataSource;
    }
}
