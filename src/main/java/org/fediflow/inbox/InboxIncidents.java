package org.fediflow.inbox;

import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Service;

/** Deliveries the dispatcher could not hand to the engine after all its tries, for the operator to see and retry. */
@Service
public class InboxIncidents {

    private final InboxStore store;
    private final InboxDispatcher dispatcher;

    InboxIncidents(InboxStore store, InboxDispatcher dispatcher) {
        this.store = store;
        this.dispatcher = dispatcher;
    }

    public List<FailedDelivery> list() {
        return store.failedRows().stream()
                .map(r -> new FailedDelivery(r.id(), InboxDispatcher.messageName(r.source(), r.eventType()),
                        r.lastError(), r.receivedAt()))
                .toList();
    }

    /** @return false when there is no failed delivery with this id */
    public boolean retry(long id) {
        boolean retried = store.retry(id);
        if (retried) {
            dispatcher.nudge();
        }
        return retried;
    }

    public record FailedDelivery(long id, String message, String error, Instant receivedAt) {
    }
}
