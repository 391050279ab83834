package org.fediflow;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import javax.management.JMException;
import javax.management.ObjectName;

import com.sun.management.HotSpotDiagnosticMXBean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar fediflow.jar} has no JVM options, and the JVM's defaults size the heap for the whole
 * machine (a quarter of its memory) and keep what a burst made it take. Fediflow mostly waits, so once it
 * is ready it asks the JVM (through its manageable flags) to give unused heap back: after a collection and,
 * with G1, by a periodic collection once 5 s have passed without one. Options given on the command line win.
 * The C heap is trimmed too (the JVM's own {@code System.trim_native_heap}): what the start and a burst allocated
 * outside the Java heap (compilers, class parsing) and freed stays in the process otherwise.
 */
@Component
class MemoryFootprint {

    private static final Logger log = LoggerFactory.getLogger(MemoryFootprint.class);

    /** The webhooks a node has answered ({@code fediflow_webhook_deliveries_total}): events have begun to arrive. */
    static final String WEBHOOK_DELIVERIES = "fediflow.webhook.deliveries"; // WebhookController counts them

    private final TaskScheduler scheduler;
    private final MeterRegistry meters;
    private final Runnable collection;

    @Autowired
    MemoryFootprint(TaskScheduler scheduler, MeterRegistry meters) {
        this(scheduler, meters, () -> {
            System.gc();
            trimNativeHeapNow();
        });
    }

    /** {@code collection}: a full collection and a trim of the C heap; a test counts them instead. */
    MemoryFootprint(TaskScheduler scheduler, MeterRegistry meters, Runnable collection) {
        this.scheduler = scheduler;
        this.meters = meters;
        this.collection = collection;
    }

    @EventListener(ApplicationReadyEvent.class)
    void returnUnusedHeap() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        // At most 15 % of the heap left free after a full or periodic collection (idle: about 50 MiB live, 60 committed).
        setIfDefault(vm, "MinHeapFreeRatio", "5");
        setIfDefault(vm, "MaxHeapFreeRatio", "15");
        // G1 looks every interval and collects when the last collection is older than that: 5-10 s after a burst's
        // work ends. At 15 s it took 15-30 s (RSS about 1 GiB until then; 1.1 GiB 30 s after an H2 burst in one run),
        // and H2's compaction after a burst (multi-MiB write buffers) grew the heap back to 750 MiB between two of
        // them; at 5 s, 348-577 MiB from 10 s on. An idle node spends 2.0 CPU-s a minute instead of 0.9 (bench/README.md).
        setIfDefault(vm, "G1PeriodicGCInterval", "5000");
        scheduler.schedule(quietCollection(), Instant.now().plusSeconds(5));
    }

    /**
     * Start-up garbage is most of the heap at ready, and the first seconds after it still allocate fast (the first
     * looks at the folders, FirstRunWarmup, the compilers): one full collection when they are over, on a node that is
     * still quiet, so that the ratios above apply. RSS 20 s after ready on two cores: 258-301 MiB with a collection at
     * ready only, 241-276 with this one after it, 229-234 with this one alone. The one at ready is gone: it ran before Spring reports the node
     * ready (an {@code ApplicationReadyEvent} listener), and held the health check back by the collection's pause
     * (142 ms with the image's serial collector). A node that webhooks have reached since ready (a restart during a
     * burst of reports) is not stopped for it: the full collection paused the first events' runs (report to Slack card
     * from a cold start, 20 a second: a second wave of reports over 100 ms five seconds in), and G1's periodic
     * collection gives the heap back once the node is idle.
     */
    Runnable quietCollection() {
        double deliveriesAtReady = webhookDeliveries();
        return () -> {
            if (webhookDeliveries() == deliveriesAtReady) {
                collection.run();
            } else {
                log.debug("webhooks arrived since ready: the heap is left to G1's periodic collection");
            }
        };
    }

    private double webhookDeliveries() {
        return meters.find(WEBHOOK_DELIVERIES).counters().stream().mapToDouble(Counter::count).sum();
    }

    /**
     * Every 10 s: a no-op when nothing was freed, a few milliseconds otherwise. An idle node still frees C memory all
     * the time (the compilers, the JVM's arena pool every 5 s), and glibc keeps it: with a trim every 30 s idle RSS
     * crept 8-25 MiB between trims; every 10 s it stays within a few (bench/README.md). Java 21's
     * {@code -XX:TrimNativeHeapInterval} does the same from inside the JVM; Java 17 has no such option.
     */
    @Scheduled(initialDelay = 10, fixedDelay = 10, timeUnit = TimeUnit.SECONDS)
    void trimNativeHeap() {
        trimNativeHeapNow();
    }

    private static void trimNativeHeapNow() {
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "systemTrimNativeHeap", new Object[0], new String[0]);
        } catch (JMException | RuntimeException unsupported) {
            log.debug("cannot trim the C heap: {}", unsupported.toString());
        }
    }

    private static void setIfDefault(HotSpotDiagnosticMXBean vm, String flag, String value) {
        try {
            if (vm.getVMOption(flag).getOrigin() == com.sun.management.VMOption.Origin.DEFAULT) {
                vm.setVMOption(flag, value);
            }
        } catch (IllegalArgumentException unsupported) {
            log.debug("JVM option {} not available: {}", flag, unsupported.getMessage());
        }
    }
}
