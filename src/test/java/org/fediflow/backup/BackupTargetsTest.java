package org.fediflow.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.fediflow.shared.InvalidConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** What a backup run will dump, as said at start; Fediflow's own database as pg_dump reaches it. */
class BackupTargetsTest {

    static BackupProperties backup(String postgres, String redis, boolean fediflow) {
        return new BackupProperties("R/PT6H", Duration.ofDays(14), List.of(), new BackupProperties.Source(postgres, null),
                new BackupProperties.Source(redis, "redis1"), new BackupProperties.Media(null, null), Duration.ofHours(6), fediflow);
    }

    @Test
    void namesEachTargetWithoutItsPassword() {
        MockEnvironment env = new MockEnvironment().withProperty("spring.datasource.url", "jdbc:postgresql://db:5432/fediflow?ssl=true")
                .withProperty("spring.datasource.username", "fediflow").withProperty("spring.datasource.password", "p@ss word");
        BackupTargets targets = new BackupTargets(backup("postgresql://mastodon:secret@db.internal:5432/mastodon_production",
                "redis://redis.internal:6379", true), env);
        assertThat(targets.describe()).containsExactly(
                "PostgreSQL db.internal:5432/mastodon_production (pg_dump on this machine)",
                "Redis redis.internal:6379 (redis-cli on host redis1)",
                "Fediflow's own database db:5432/fediflow (pg_dump on this machine)");
        assertThat(targets.describe().toString()).doesNotContain("secret").doesNotContain("p@ss");
        assertThat(targets.fediflow().url()).isEqualTo("postgresql://fediflow:p%40ss%20word@db:5432/fediflow");
    }

    @Test
    void nothingConfiguredIsNothingToDump() {
        assertThat(new BackupTargets(backup(null, null, false), new MockEnvironment()).describe()).isEmpty();
    }

    @Test
    void fediflowsOwnDatabaseOnH2StopsTheStart() {
        MockEnvironment env = new MockEnvironment().withProperty("spring.datasource.url", "jdbc:h2:file:./data/fediflow");
        assertThatThrownBy(() -> new BackupTargets(backup(null, null, true), env)).isInstanceOf(InvalidConfiguration.class)
                .hasMessageContaining("fediflow.backup.fediflow-database: Fediflow's database is not PostgreSQL");
    }
}
