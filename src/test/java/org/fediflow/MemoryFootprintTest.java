package org.fediflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;

/** The collection five seconds after ready: on a quiet node only, never under the first events' load. */
class MemoryFootprintTest {

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicInteger collections = new AtomicInteger();
    private final MemoryFootprint footprint = new MemoryFootprint(null, meters, collections::incrementAndGet);

    @Test
    void aNodeNoWebhookReachedSinceReadyCollectsAgain() {
        delivery("mastodon", "accepted"); // before ready: the webhooks a start may find waiting change nothing
        Runnable second = footprint.secondCollection();

        second.run();

        assertThat(collections).hasValue(1);
    }

    @Test
    void aNodeWebhooksReachedSinceReadyIsNotStoppedForAFullCollection() {
        Runnable second = footprint.secondCollection();
        delivery("mastodon", "accepted");
        delivery("kofi", "refused");

        second.run();

        assertThat(collections).hasValue(0);
    }

    private void delivery(String source, String outcome) {
        meters.counter(MemoryFootprint.WEBHOOK_DELIVERIES, "source", source, "outcome", outcome, "status", "200")
                .increment();
    }
}
