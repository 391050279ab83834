package org.fediflow.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;

import org.fediflow.testing.MigratedDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The inbox's record of failed hand-overs, on Fediflow's real migrations (H2 in memory). */
class InboxStoreTest {

    private final InboxStore store = new InboxStore(new JdbcTemplate(MigratedDatabase.h2()), Clock.systemUTC());

    @Test
    void aFailedHandOverWaitsToBeTriedAgainUntilTheLastTryMakesItAnIncidentOnce() {
        long id = store.insert("mastodon", new Verdict.Accept("report.created", true, "d-1", "r-1", "{}")).orElseThrow();

        assertThat(store.failed(id, "engine away", 2, Duration.ofSeconds(5))).as("the first of two tries").isFalse();
        assertThat(store.get(id).status()).isEqualTo("received");
        assertThat(store.get(id).attempts()).isEqualTo(1);

        assertThat(store.failed(id, "engine still away", 2, Duration.ofSeconds(5))).as("the last try").isTrue();
        assertThat(store.get(id).status()).isEqualTo("failed");
        assertThat(store.get(id).lastError()).isEqualTo("engine still away");

        assertThat(store.failed(id, "a late report of the same try", 2, Duration.ofSeconds(5)))
                .as("a row that is an incident already").isFalse();
        assertThat(store.get(id).attempts()).isEqualTo(2);
    }
}
