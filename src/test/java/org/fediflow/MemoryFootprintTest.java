package org.fediflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ConcurrentTaskScheduler;

/**
 * The full collection after a start: five seconds after ready, never before the node reports ready, on a quiet node
 * only, never under the first events' load.
 */
class MemoryFootprintTest {

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicInteger collections = new AtomicInteger();
    private final MemoryFootprint footprint = new MemoryFootprint(null, meters, collections::incrementAndGet);

    @Test
    void readyIsNotHeldBackByACollectionWhichComesFiveSecondsLater() {
        List<Instant> scheduled = new ArrayList<>();
        TaskScheduler scheduler = new ConcurrentTaskScheduler() {
            @Override
            public ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
                scheduled.add(startTime);
                return null;
            }
        };
        Instant ready = Instant.now();

        new MemoryFootprint(scheduler, meters, collections::incrementAndGet).returnUnusedHeap();

        assertThat(collections).as("collections before the node is ready").hasValue(0);
        assertThat(scheduled).singleElement().satisfies(at -> assertThat(at).isBetween(ready.plusSeconds(5), ready.plusSeconds(6)));
    }

    @Test
    void aNodeNoWebhookReachedSinceReadyCollectsOnce() {
        delivery("mastodon", "accepted"); // before ready: the webhooks a start may find waiting change nothing
        Runnable collection = footprint.quietCollection();

        collection.run();

        assertThat(collections).hasValue(1);
    }

    @Test
    void aNodeWebhooksReachedSinceReadyIsNotStoppedForAFullCollection() {
        Runnable collection = footprint.quietCollection();
        delivery("mastodon", "accepted");
        delivery("kofi", "refused");

        collection.run();

        assertThat(collections).hasValue(0);
    }

    private void delivery(String source, String outcome) {
        meters.counter(MemoryFootprint.WEBHOOK_DELIVERIES, "source", source, "outcome", outcome, "status", "200")
                .increment();
    }
}
