package org.fediflow.inbox;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;

/** What the operator sees of the inbox: its queue, and the deliveries that could not be handed to the engine. */
@Service
public class InboxOperations {

    private final InboxStore store;
    private final InboxDispatcher dispatcher;
    private final Verifiers verifiers;

    InboxOperations(InboxStore store, InboxDispatcher dispatcher, Verifiers verifiers) {
        this.verifiers = verifiers;
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

    /** Deliveries per status (received = still waiting for the engine) and the oldest waiting one. */
    public Map<String, Object> stats() {
        return store.stats();
    }

    /** Names of the senders with a webhook endpoint: built-in and the operator's own. */
    public List<String> sources() {
        return verifiers.sources();
    }

    public record FailedDelivery(long id, String message, String error, Instant receivedAt) {
    }
}
