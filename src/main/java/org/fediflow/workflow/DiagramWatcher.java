package org.fediflow.workflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
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
    private final Map<Path, String> seen = new HashMap<>();
    private volatile boolean running;

    DiagramWatcher(Diagrams diagrams) {
        this.diagrams = diagrams;
    }

    @Override
    public synchronized void start() {
        diagrams.seedIfMissing();
        scan();
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

    synchronized void scan() {
        Map<Path, String> now = new HashMap<>();
        for (Path file : diagrams.files()) {
            String stamp = stamp(file);
            now.put(file, stamp);
            if (stamp != null && !stamp.equals(seen.get(file))) {
                diagrams.deployFile(file);
            }
        }
        seen.clear();
        seen.putAll(now);
    }

    /** The content's digest: a time stamp can miss two edits within its granularity. */
    private static String stamp(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
