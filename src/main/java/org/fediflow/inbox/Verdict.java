package org.fediflow.inbox;

/** A sender verifier's answer about one delivery. */
sealed interface Verdict {

    /**
     * @param eventType   the sender's event name, e.g. {@code report.created}
     * @param known       whether the sender documents this event; unknown ones are stored as ignored
     * @param dedupeKey   same for every copy of one delivery
     * @param businessKey what ties the event to a run (the report id, the member id), may be null
     * @param body        what is stored and handed to the diagram as {@code payload}: JSON, secrets removed
     */
    record Accept(String eventType, boolean known, String dedupeKey, String businessKey, String body) implements Verdict {
    }

    /** @param status 400, 401 or 503 */
    record Reject(int status, String reason) implements Verdict {
    }

    static Reject badRequest(String reason) {
        return new Reject(400, reason);
    }

    static Reject unauthorized(String reason) {
        return new Reject(401, reason);
    }

    static Reject notConfigured(String property) {
        return new Reject(503, "this source is not configured yet (" + property + ")");
    }
}
