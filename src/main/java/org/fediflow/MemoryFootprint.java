package org.fediflow;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import javax.management.JMException;
import javax.management.ObjectName;

import com.sun.management.HotSpotDiagnosticMXBean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar fediflow.jar} has no JVM options, and the JVM's defaults size the heap for the whole
 * machine (a quarter of its memory) and keep what a burst made it take. Fediflow mostly waits, so once it
 * is ready it asks the JVM (through its manageable flags) to give unused heap back: after a collection and,
 * with G1, by a periodic collection when it has been idle for 15 s. Options given on the command line win.
 * The C heap is trimmed too (the JVM's own {@code System.trim_native_heap}): what the start and a burst allocated
 * outside the Java heap (compilers, class parsing) and freed stays in the process otherwise.
 */
@Component
class MemoryFootprint {

    private static final Logger log = LoggerFactory.getLogger(MemoryFootprint.class);

    private final TaskScheduler scheduler;

    MemoryFootprint(TaskScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @EventListener(ApplicationReadyEvent.class)
    void returnUnusedHeap() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        // At most 15 % of the heap left free after a full or periodic collection (idle: about 50 MiB live, 60 committed).
        setIfDefault(vm, "MinHeapFreeRatio", "5");
        setIfDefault(vm, "MaxHeapFreeRatio", "15");
        setIfDefault(vm, "G1PeriodicGCInterval", "15000");
        collect(); // start-up garbage is most of the heap now; collect it so the ratios above apply
        // The first seconds after ready still allocate fast (the first looks at the folders, FirstRunWarmup, the
        // compilers), and G1 grows the heap it just shrank for them (to about 220 MiB, touched only in part): once
        // more when they are over. RSS 20 s after ready on two cores: 258-301 MiB without this, 241-276 with it.
        scheduler.schedule(this::collect, Instant.now().plusSeconds(5));
    }

    private void collect() {
        System.gc();
        trimNativeHeap();
    }

    /**
     * Every 10 s: a no-op when nothing was freed, a few milliseconds otherwise. An idle node still frees C memory all
     * the time (the compilers, the JVM's arena pool every 5 s), and glibc keeps it: with a trim every 30 s idle RSS
     * crept 8-25 MiB between trims; every 10 s it stays within a few (bench/README.md). Java 21's
     * {@code -XX:TrimNativeHeapInterval} does the same from inside the JVM; Java 17 has no such option.
     */
    @Scheduled(initialDelay = 10, fixedDelay = 10, timeUnit = TimeUnit.SECONDS)
    void trimNativeHeap() {
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
