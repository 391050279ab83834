package org.fediflow.workflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deploys the folder at start (before the inbox hands out events) and again whenever a file changes.
 * Polling instead of a WatchService: it behaves the same on every file system, bind mounts included.
 */
@Component
class DiagramWatcher implements SmartLifecycle {

    static final int PHASE = 0;
    private static final Logger log = LoggerFactory.getLogger(DiagramWatcher.class);

    private final Diagrams diagrams;
    private final ShippedDiagrams shipped;
    private final WorkflowProperties properties;
    private final ConfiguredSwitches switches;
    private final Map<Path, String> seen = new HashMap<>();
    private final Map<Path, String> keys = new HashMap<>();
    private volatile boolean running;

    DiagramWatcher(Diagrams diagrams, ShippedDiagrams shipped, WorkflowProperties properties,
                   ConfiguredSwitches switches) {
        this.switches = switches;
        this.diagrams = diagrams;
        this.shipped = shipped;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        diagrams.createFolder();
        log.info("diagrams: {} from the jar{}; the operator's from {}", shipped.keys().size(),
                properties.bpmn().shipped() ? "" : " (fediflow.bpmn.shipped=false)", diagrams.folders());
        scan();
        switches.apply();
        running = true;
    }

    @Scheduled(fixedDelayString = "${fediflow.bpmn.watch-interval:2s}", initialDelayString = "${fediflow.bpmn.watch-interval:2s}")
    void scanQuietly() {
        if (!running) {
            return;
        }
        try {
            scan();
        } catch (RuntimeException e) {
            log.error("checking the diagrams folder failed: {}", e.toString());
        }
    }

    /**
     * Deploys changed files (a copy of a shipped diagram with the very same bytes is left to the jar; a switched-off
     * flow's file is not deployed), then lets the shipped diagrams without an override follow.
     */
    synchronized void scan() {
        Map<Path, String> now = new HashMap<>();
        Map<String, Path> overrides = new HashMap<>();
        for (Path file : diagrams.files()) {
            byte[] xml;
            try {
                xml = Files.readAllBytes(file);
            } catch (IOException e) {
                continue;
            }
            // The content's digest: a time stamp can miss two edits within its granularity.
            String stamp = DiagramXml.sha256(xml);
            now.put(file, stamp);
            boolean changed = !stamp.equals(seen.get(file));
            String key = changed || !keys.containsKey(file) ? DiagramXml.processKey(xml) : keys.get(file);
            keys.put(file, key);
            if (key != null && shipped.keys().contains(key)) {
                if (shipped.isShippedCopy(key, xml)) {
                    continue;
                }
                overrides.putIfAbsent(key, file);
            }
            if (key != null && !properties.enabled(key)) {
                continue;
            }
            if (changed) {
                diagrams.deployFile(file);
            }
        }
        keys.keySet().retainAll(now.keySet());
        seen.clear();
        seen.putAll(now);
        shipped.reconcile(overrides);
    }

    @Override
    public synchronized void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
