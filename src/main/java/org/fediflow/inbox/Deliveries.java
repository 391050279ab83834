package org.fediflow.inbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every delivery and what became of it, for the deliveries page: stored events (ids {@code 123}) and deliveries
 * answered without becoming one, duplicates and refusals (ids {@code attempt-45}); and replay, which stores an
 * event's body again as a new delivery so that whatever listens now takes it.
 */
@Service
public class Deliveries {

    static final String ATTEMPT = "attempt-";

    private final InboxStore store;
    private final InboxDispatcher dispatcher;

    Deliveries(InboxStore store, InboxDispatcher dispatcher) {
        this.store = store;
        this.dispatcher = dispatcher;
    }

    /** Newest first; each filter may be null. */
    @Transactional(readOnly = true)
    public List<Delivery> list(String source, String eventType, String outcome, int limit) {
        List<Delivery> all = new ArrayList<>();
        store.deliveries(source, eventType, outcome, limit).forEach(r -> all.add(of(r, false)));
        store.attempts(source, eventType, outcome, limit).forEach(a -> all.add(of(a)));
        return all.stream().sorted(Comparator.comparing(Delivery::receivedAt).reversed()).limit(limit).toList();
    }

    /** With its body (JSON as the sender sent it, secrets already removed at the door); none for attempts. */
    @Transactional(readOnly = true)
    public Optional<Delivery> get(String id) {
        if (id.startsWith(ATTEMPT)) {
            return number(id.substring(ATTEMPT.length())).flatMap(store::attempt).map(Deliveries::of);
        }
        return number(id).flatMap(store::find).map(r -> of(r, true));
    }

    /**
     * @return the new delivery's id; empty when there is no such delivery or it has no body to send again (a refusal)
     */
    public Optional<String> replay(String id) {
        Optional<InboxStore.InboxRow> original;
        if (id.startsWith(ATTEMPT)) {
            original = number(id.substring(ATTEMPT.length())).flatMap(store::attempt)
                    .map(InboxStore.Attempt::originalId).flatMap(store::find);
        } else {
            original = number(id).flatMap(store::find);
        }
        Optional<String> replayed = original.map(r -> String.valueOf(store.insertReplay(r)));
        replayed.ifPresent(x -> dispatcher.nudge());
        return replayed;
    }

    private static Optional<Long> number(String text) {
        try {
            return Optional.of(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Delivery of(InboxStore.InboxRow row, boolean withBody) {
        List<String> runs = row.runIds() == null || row.runIds().isBlank() ? List.of()
                : Arrays.stream(row.runIds().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        String outcome = row.outcome() != null ? row.outcome() : InboxStore.WAITING;
        String reason = switch (outcome) {
            case InboxStore.WAITING -> row.attempts() > 0 ? "waiting to be tried again: " + row.lastError()
                    : "waiting for the engine";
            case InboxStore.FAILED -> "could not be handed to the engine: " + row.lastError();
            default -> row.lastError();
        };
        return new Delivery(String.valueOf(row.id()), row.source(), row.eventType(), row.businessKey(), row.receivedAt(),
                outcome, reason, runs, row.replayOf() == null ? null : String.valueOf(row.replayOf()),
                withBody ? row.body() : null);
    }

    private static Delivery of(InboxStore.Attempt attempt) {
        return new Delivery(ATTEMPT + attempt.id(), attempt.source(), attempt.eventType(), null, attempt.receivedAt(),
                attempt.outcome(), attempt.reason(), List.of(), attempt.originalId() == null ? null
                : String.valueOf(attempt.originalId()), null);
    }

    /**
     * @param outcome  waiting, started, reached, no-listener, ignored, duplicate, refused or failed
     * @param reason   the outcome in words: "started 2 runs", "no diagram listens for uptime-kuma.0", "401: ..."
     * @param relatedTo for a replay the delivery it repeats, for a duplicate the delivery it is a copy of
     * @param body     the stored JSON, only in the single-delivery answer
     */
    public record Delivery(String id, String source, String event, String businessKey, Instant receivedAt,
                           String outcome, String reason, List<String> runs, String relatedTo, String body) {
    }
}
