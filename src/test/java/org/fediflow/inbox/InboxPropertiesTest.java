package org.fediflow.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class InboxPropertiesTest {

    private static InboxProperties.Inbox inbox(Integer threads) {
        return new InboxProperties.Inbox(DataSize.ofMegabytes(1), Duration.ofMillis(500), 5, threads);
    }

    @Test
    void unsetDispatcherThreadsAreOnePerCoreAndAtMostFour() {
        int cores = Runtime.getRuntime().availableProcessors();

        assertThat(inbox(null).threads()).isEqualTo(Math.min(4, cores)).isPositive();
    }

    @Test
    void setDispatcherThreadsAreKeptZeroIncluded() {
        assertThat(inbox(6).threads()).isEqualTo(6);
        assertThat(inbox(0).threads()).isZero();
    }

    @Test
    void negativeDispatcherThreadsAreRefusedWithTheSettingsName() {
        assertThatThrownBy(() -> inbox(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fediflow.inbox.threads");
    }
}
