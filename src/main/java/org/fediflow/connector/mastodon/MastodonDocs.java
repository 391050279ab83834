package org.fediflow.connector.mastodon;

/**
 * The words the Mastodon connectors' descriptors share: compile-time constants, so that {@code @ConnectorInfo} and
 * {@code @ConnectorInfo.ErrorCode} can use them and every connector says the same about the same failure.
 */
final class MastodonDocs {

    /** How {@link MastodonClient} treats failures; the last sentence of each description. */
    static final String FAILURES = "Temporary failures (429 with X-RateLimit-Reset, 5xx, timeouts) are retried; "
            + "401/403 (token, scope or role permission) become an incident.";

    static final String NOT_FOUND = "Mastodon answered 404 (Record not found): the report or account does not exist "
            + "(any more)";

    static final String UNPROCESSABLE = "Mastodon answered 422: it refused the change in the report's current state";

    private MastodonDocs() {
    }
}
