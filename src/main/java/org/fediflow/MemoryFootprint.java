package org.fediflow;

import java.lang.management.ManagementFactory;

import com.sun.management.HotSpotDiagnosticMXBean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar fediflow.jar} has no JVM options, and the JVM's defaults size the heap for the whole
 * machine (a quarter of its memory) and keep what a burst made it take. Fediflow mostly waits, so once it
 * is ready it asks the JVM (through its manageable flags) to give unused heap back: after a collection and,
 * with G1, by a periodic collection when idle. Options given on the command line win.
 */
@Component
class MemoryFootprint {

    private static final Logger log = LoggerFactory.getLogger(MemoryFootprint.class);

    @EventListener(ApplicationReadyEvent.class)
    void returnUnusedHeap() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        setIfDefault(vm, "MinHeapFreeRatio", "10");
        setIfDefault(vm, "MaxHeapFreeRatio", "30");
        setIfDefault(vm, "G1PeriodicGCInterval", "60000");
        System.gc(); // start-up garbage is most of the heap now; collect it once so the ratios above apply
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
