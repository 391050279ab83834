package org.fediflow.connector;

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

    public OutboundCalls(MeterRegistry registry, String system) {
        this.registry = registry;
        this.system = system;
    }

    public void record(String method, String status, long startedNanos) {
        Timer.builder("fediflow.outbound.requests").description("Calls to outside systems by method and HTTP status")
                .tags("system", system, "method", method, "status", status)
                .register(registry).record(Duration.ofNanos(System.nanoTime() - startedNanos));
    }
}
