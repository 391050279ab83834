package org.fediflow.inbox;

import org.fediflow.shared.Failures;
import org.fediflow.shared.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.fediflow.workflow.EventRouter;
import org.fediflow.workflow.Incidents;
import org.fediflow.workflow.InboundEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands stored deliveries to the engine: for each row, in one transaction, the row is claimed (locked), the run is
 * started or reached, and the row is marked. A crash rolls all three back and the row is taken again; a
 * second node's claim of the same row finds it taken. Rows this node accepted are taken at once; rows
 * accepted by other nodes within the poll interval.
 */
@Component
class InboxDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InboxDispatcher.class);
    private static final int BATCH = 50;
    /** How long an event waits for a busy run to reach the point where it waits for it. */
    private static final Duration BUSY_PATIENCE = Duration.ofMinutes(10);
    private static final Duration BUSY_RETRY = Duration.ofMillis(500);

    private final InboxStore store;
    private final EventRouter router;
    private final TransactionTemplate transactions;
    private final InboxProperties.Inbox settings;
    private final Clock clock;
    private final List<IgnoredDeliveryListener> ignoredListeners;
    private final ApplicationEventPublisher events;
    /** One wake-up signal per dispatcher thread: each thread owns the rows whose id falls in its slot. */
    private volatile Semaphore[] work = new Semaphore[0];
    private volatile boolean running;
    private ExecutorService threads;

    InboxDispatcher(InboxStore store, EventRouter router, TransactionTemplate transactions, InboxProperties properties,
                    Clock clock, List<IgnoredDeliveryListener> ignoredListeners, ApplicationEventPublisher events) {
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.ignoredListeners = ignoredListeners;
        this.router = router;
        this.transactions = transactions;
        this.settings = properties.inbox();
    }

    /** Called after a delivery committed on this node. */
    void nudge() {
        // Every thread: the new row belongs to one slot, and a signal taken by another thread would leave the
        // owner asleep for a whole poll interval.
        for (Semaphore signal : work) {
            signal.release();
        }
    }

    /** The BPMN message an event becomes: {@code mastodon.report.created}, {@code kofi.shop-order}, ... */
    static String messageName(String source, String eventType) {
        return source + "." + eventType.trim().toLowerCase(Locale.ROOT).replace(':', '.').replaceAll("\\s+", "-");
    }

    @Override
    public synchronized void start() {
        running = true;
        if (settings.threads() == 0) {
            log.info("inbox dispatcher off on this node (fediflow.inbox.threads=0): it only accepts");
            return;
        }
        threads = Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "inbox-dispatcher");
            t.setDaemon(true);
            return t;
        });
        Semaphore[] signals = new Semaphore[settings.threads()];
        for (int i = 0; i < signals.length; i++) {
            signals[i] = new Semaphore(0);
        }
        work = signals;
        for (int i = 0; i < settings.threads(); i++) {
            int slot = i;
            threads.submit(() -> loop(slot));
        }
    }

    private void loop(int slot) {
        while (running) {
            try {
                int handled = dispatchDue(slot);
                if (handled == 0) {
                    work[slot].tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    work[slot].drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The database is away or similar: nothing is lost, the rows wait.
                log.warn("inbox dispatch paused: {}", Failures.rootCause(e).toString());
                sleep(settings.pollInterval());
            }
        }
    }

    /** One pass over due rows; threads split the rows by id so they rarely compete for the same one. */
    int dispatchDue(int slot) {
        List<Long> due = store.due(BATCH * settings.threads());
        int handled = 0;
        for (Long id : due) {
            if (!running) {
                break;
            }
            if (id % Math.max(1, settings.threads()) == slot && dispatch(id)) {
                handled++;
            }
        }
        return handled;
    }

    /** @return true when this call handed the row over (or gave up on it) */
    boolean dispatch(long id) {
        InboxStore.InboxRow[] ignored = new InboxStore.InboxRow[1];
        try {
            Boolean done = transactions.execute(tx -> {
                InboxStore.InboxRow row = store.claim(id).orElse(null);
                if (row == null) {
                    return false;
                }
                if (store.earlierWaiting(row)) {
                    // Keep a run's events in the order they were accepted: created before updated.
                    store.later(id, clock.instant().plus(BUSY_RETRY));
                    return true;
                }
                String message = messageName(row.source(), row.eventType());
                EventRouter.Routed routed = router.route(new InboundEvent(message, row.businessKey(),
                        Json.parse(row.body()), row.source(), row.eventType(), row.id()));
                if (routed.busy() && row.receivedAt().plus(BUSY_PATIENCE).isAfter(clock.instant())) {
                    store.later(id, clock.instant().plus(BUSY_RETRY));
                } else if (routed.nobodyListened()) {
                    store.finish(id, InboxStore.IGNORED, InboxStore.NO_LISTENER, null, "no diagram listens for " + message);
                    ignored[0] = row;
                } else {
                    List<String> runs = new ArrayList<>(routed.started());
                    runs.addAll(routed.reached());
                    store.finish(id, InboxStore.DISPATCHED,
                            routed.started().isEmpty() ? InboxStore.REACHED : InboxStore.STARTED,
                            String.join(",", runs), describe(routed));
                }
                return true;
            });
            if (ignored[0] != null) {
                InboxStore.InboxRow row = ignored[0];
                log.info("delivery {} ignored: no diagram listens for {}", row.id(), messageName(row.source(), row.eventType()));
                ignoredListeners.forEach(l -> l.ignored(row.source(), row.eventType(), row.body()));
            }
            return Boolean.TRUE.equals(done);
        } catch (RuntimeException e) {
            log.warn("handing inbox event {} to the engine failed: {}", id, Failures.rootCause(e).toString());
            try {
                InboxStore.InboxRow row = store.get(id);
                Duration pause = Duration.ofSeconds(Math.min(300, 5L << Math.min(6, row.attempts())));
                String error = Failures.rootMessage(e); // as the operator reads it; the log above keeps the type
                if (store.failed(id, error, settings.maxAttempts(), pause)) {
                    events.publishEvent(new Incidents.DeliveryFailed(id, row.source(), row.eventType(), row.attempts() + 1, error));
                }
            } catch (RuntimeException stillDown) {
                log.warn("cannot record the failure of inbox event {}: {}", id, stillDown.toString());
            }
            return true;
        }
    }

    private static String describe(EventRouter.Routed routed) {
        List<String> parts = new ArrayList<>();
        if (!routed.started().isEmpty()) {
            parts.add("started " + routed.started().size() + (routed.started().size() == 1 ? " run" : " runs"));
        }
        if (!routed.reached().isEmpty()) {
            parts.add("reached " + routed.reached().size() + (routed.reached().size() == 1 ? " waiting run" : " waiting runs"));
        }
        return String.join(", ", parts);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (threads != null) {
            threads.shutdownNow();
            try {
                threads.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            threads = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the diagrams are deployed, so no event meets an empty engine. */
    @Override
    public int getPhase() {
        return 100;
    }
}
