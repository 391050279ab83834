package org.fediflow.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.fediflow.testing.Postgres;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two nodes welcoming the same account at the same moment, on PostgreSQL: each claims inside its own step
 * transaction and holds it open for a while, as a slow Mastodon call would; exactly one claim wins, and the loser's
 * transaction stays usable after the duplicate key.
 */
class WelcomeClaimOnPostgresTest {

    @Test
    void exactlyOneOfTwoConcurrentClaimsWins() throws Exception {
        DriverManagerDataSource db = new DriverManagerDataSource(Postgres.freshDatabase(), Postgres.USER, "");
        JdbcTemplate jdbc = new JdbcTemplate(db);
        for (String statement : Files.readString(Path.of("src/main/resources/db/migration/V30__onboarding.sql"))
                .replaceAll("--[^\\n]*", "").split(";")) {
            if (!statement.isBlank()) {
                jdbc.execute(statement);
            }
        }
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(db);
        OnboardingRecords records = new OnboardingRecords(jdbc, transactions);
        TransactionTemplate step = new TransactionTemplate(transactions);

        CountDownLatch bothClaiming = new CountDownLatch(2);
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        List<Future<Boolean>> claims = new ArrayList<>();
        for (String run : List.of("run-on-node-1", "run-on-node-2")) {
            claims.add(nodes.submit(() -> step.execute(tx -> {
                bothClaiming.countDown();
                await(bothClaiming);
                boolean won = records.claimWelcome("4242", run, Instant.now());
                sleep(300); // the Mastodon call
                // the transaction is still usable after a lost claim
                jdbc.queryForObject("SELECT COUNT(*) FROM onboarding_welcome", Integer.class);
                if (won) {
                    records.welcomeSent("4242", "status-of-" + run);
                }
                return won;
            })));
        }
        int winners = 0;
        for (Future<Boolean> claim : claims) {
            winners += claim.get() ? 1 : 0;
        }
        nodes.shutdown();
        assertThat(winners).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT status_id FROM onboarding_welcome WHERE account_id = '4242'", String.class))
                .hasSize(1).allMatch(id -> id.startsWith("status-of-run-on-node-"));
        Boolean later = step.execute(tx -> records.claimWelcome("4242", "a-later-run", Instant.now()));
        assertThat(later).isFalse();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
