package org.fediflow.connector;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Calls to outside systems as one timer, {@code fediflow_outbound_requests_seconds}, labelled with the system
 * ({@code slack}, {@code mastodon}), a low-cardinality method ({@code chat.postMessage},
 * {@code POST /api/v1/admin/reports/{id}/resolve}) and the HTTP status ({@code timeout} or {@code io-error} when
 * there was none): 429s and 5xx are visible per method.
 */
public final class OutboundCalls {

    public static final String TIMEOUT = "timeout";
    public static final String IO_ERROR = "io-error";

    private final MeterRegistry registry;
    private final String system;
    private final String name;

    /** @param name the system as messages name it, e.g. {@code Mastodon} */
    public OutboundCalls(MeterRegistry registry, String system, String name) {
        this.registry = registry;
        this.system = system;
        this.name = name;
    }

    public void record(String method, String status, long startedNanos) {
        Timer.builder("fediflow.outbound.requests").description("Calls to outside systems by method and HTTP status")
                .tags("system", system, "method", method, "status", status)
                .register(registry).record(Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    /**
     * A call that got no answer, recorded as {@code timeout} (an HTTP or socket timeout) or {@code io-error}: the
     * failure to throw, retried later, saying what was called.
     */
    public ConnectorFailure.Temporary unanswered(String method, String what, IOException e, Duration timeout,
                                                 long startedNanos) {
        boolean timedOut = e instanceof HttpTimeoutException || e instanceof InterruptedIOException;
        record(method, timedOut ? TIMEOUT : IO_ERROR, startedNanos);
        return new ConnectorFailure.Temporary(timedOut ? name + " did not answer " + what + " within " + timeout
                : "cannot reach " + name + " for " + what + ": " + e.getMessage(), e);
    }
}
