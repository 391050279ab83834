package org.fediflow.connector.slack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * At start, on a thread of its own, posts once through the Slack client to a stand-in on the loopback address
 * ({@link SlackWebApi#warmUp}), so that the first card after a restart does not wait for the client's classes. A node
 * without a bot token does nothing; a failure here changes nothing (the first real post loads what is missing), so it
 * is only logged, at debug level.
 */
@Component
class SlackWarmup implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SlackWarmup.class);

    private final SlackWebApi api;
    private volatile boolean running;

    SlackWarmup(SlackWebApi api) {
        this.api = api;
    }

    @Override
    public void start() {
        running = true;
        Thread thread = new Thread(this::warm, "slack-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    void warm() {
        long started = System.nanoTime();
        try {
            if (api.warmUp().isPresent()) {
                log.debug("warmed the Slack client in {} ms", (System.nanoTime() - started) / 1_000_000);
            }
        } catch (Exception | LinkageError e) {
            // LinkageError: a runtime image without the JDK's HTTP server (jdk.httpserver) for the stand-in.
            log.debug("warming the Slack client stopped: {}", e.toString());
        }
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** First among the beans started at the end of the start, so that it runs beside the rest. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE;
    }
}
