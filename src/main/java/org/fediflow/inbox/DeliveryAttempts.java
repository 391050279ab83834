package org.fediflow.inbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Notes deliveries that were answered without becoming an event: repeats and refusals. Best effort: the sender's
 * answer never waits on or fails with this note; and at most {@link #PER_MINUTE} refusals a minute are noted per
 * node, so a flood of forged calls costs no more writes than a trickle.
 */
@Component
class DeliveryAttempts {

    static final int PER_MINUTE = 60;
    static final int KEEP = 1000;
    private static final Logger log = LoggerFactory.getLogger(DeliveryAttempts.class);

    private final InboxStore store;
    private final Clock clock;
    private Instant window = Instant.EPOCH;
    private int inWindow;

    DeliveryAttempts(InboxStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    void duplicate(String source, Verdict.Accept accepted) {
        try {
            Long original = store.idOf(source, accepted.dedupeKey()).orElse(null);
            store.insertAttempt(source, accepted.eventType(), InboxStore.DUPLICATE,
                    original == null ? "a repeat of an earlier delivery" : "a repeat of delivery " + original, original);
        } catch (DataAccessException e) {
            log.debug("duplicate from {} not noted: {}", source, e.getMostSpecificCause().toString());
        }
    }

    void refused(String source, int status, String reason) {
        if (!takeTurn()) {
            return;
        }
        try {
            store.insertAttempt(source, null, InboxStore.REFUSED, status + ": " + reason, null);
            store.pruneAttempts(KEEP);
        } catch (DataAccessException e) {
            log.debug("refusal from {} not noted: {}", source, e.getMostSpecificCause().toString());
        }
    }

    private synchronized boolean takeTurn() {
        Instant now = clock.instant();
        if (now.isAfter(window.plus(Duration.ofMinutes(1)))) {
            window = now;
            inWindow = 0;
        }
        return inWindow++ < PER_MINUTE;
    }
}
