package org.fediflow.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** Fresh databases on the machine's PostgreSQL (127.0.0.1:5432, trust auth), one per test class. */
public final class Postgres {

    public static final String HOST = "jdbc:postgresql://127.0.0.1:5432/";
    public static final String USER = "postgres";

    private Postgres() {
    }

    /** Creates an empty database and returns its JDBC URL; it is dropped when the test JVM exits. */
    public static String freshDatabase() {
        String name = "fediflow_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("postgres", "CREATE DATABASE " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                execute("postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (RuntimeException ignored) {
                // best effort at exit
            }
        }));
        return HOST + name;
    }

    /** Refuses new connections to the database and cuts the open ones: an outage as the application sees it. */
    public static void cutOff(String url) {
        String name = url.substring(url.lastIndexOf('/') + 1);
        execute("postgres", "ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS false");
        execute("postgres", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
    }

    public static void restore(String url) {
        String name = url.substring(url.lastIndexOf('/') + 1);
        execute("postgres", "ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS true");
    }

    public static void execute(String database, String sql) {
        try (Connection connection = DriverManager.getConnection(HOST + database, USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at 127.0.0.1:5432: " + e.getMessage(), e);
        }
    }
}
