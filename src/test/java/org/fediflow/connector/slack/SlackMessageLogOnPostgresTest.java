package org.fediflow.connector.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;

import javax.sql.DataSource;

import org.fediflow.testing.MigratedDatabase;
import org.fediflow.testing.Postgres;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The message log's guards against two tries of one step posting, on PostgreSQL (the fast lane's Slack tests run on
 * H2): the second announcement loses on the key, and a retry takes a dead try's announcement over only by the exact
 * time it read, which PostgreSQL hands back as it stored it.
 */
class SlackMessageLogOnPostgresTest {

    private static final String KEY = "run-7:notify";

    @Test
    void onlyOneTryAnnouncesAndOnlyOneRetryTakesADeadTrysAnnouncementOver() {
        DataSource db = MigratedDatabase.migrated(new DriverManagerDataSource(Postgres.freshDatabase(), Postgres.USER, ""));
        SlackMessageLog log = new JdbcSlackMessageLog(new JdbcTemplate(db), new DataSourceTransactionManager(db),
                Clock.systemUTC());

        assertThat(log.intend(KEY, "C0MOD", null)).as("the first try").isTrue();
        assertThat(log.intend(KEY, "C0MOD", null)).as("a second try at once").isFalse();

        Instant since = log.find(KEY).orElseThrow().since();
        assertThat(log.retake(KEY, since)).as("the first retry after the try died").isTrue();
        assertThat(log.retake(KEY, since)).as("a second retry that read the same announcement").isFalse();
        Instant retaken = log.find(KEY).orElseThrow().since();
        assertThat(retaken).isAfterOrEqualTo(since);

        log.record(KEY, new SlackWebApi.Posted("C0MOD", "1700000000.000100"));
        assertThat(log.find(KEY).orElseThrow().posted()).isEqualTo(new SlackWebApi.Posted("C0MOD", "1700000000.000100"));
        assertThat(log.retake(KEY, retaken)).as("a posted message is never taken over").isFalse();
    }
}
