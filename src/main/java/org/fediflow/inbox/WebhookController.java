package org.fediflow.inbox;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;

import org.fediflow.shared.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/<source>}: verify on the raw bytes, store one row, answer 2xx after the commit.
 * The engine work happens later, in {@link InboxDispatcher}, so acceptance costs one insert.
 */
@RestController
class WebhookController {

    private static final Logger log = LoggerFactory.getLogger(WebhookController.class);

    private final Verifiers verifiers;
    private final InboxStore store;
    private final InboxDispatcher dispatcher;
    private final long maxBody;
    private final MeterRegistry meters;
    private final DeliveryAttempts attempts;

    WebhookController(Verifiers verifiers, InboxStore store, InboxDispatcher dispatcher, InboxProperties properties,
                      MeterRegistry meters, DeliveryAttempts attempts) {
        this.meters = meters;
        this.verifiers = verifiers;
        this.attempts = attempts;
        this.store = store;
        this.dispatcher = dispatcher;
        this.maxBody = properties.inbox().maxBody().toBytes();
    }

    @PostMapping("/webhooks/{source}")
    ResponseEntity<byte[]> receive(@PathVariable String source, HttpServletRequest request) throws IOException {
        SourceVerifier verifier = verifiers.forSource(source).orElse(null);
        if (verifier == null) {
            return answer(404, "error", "no source named '" + source + "'");
        }
        if (request.getContentLengthLong() > maxBody) {
            return refused(source, 413, "body over " + maxBody + " bytes");
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) maxBody + 1);
        }
        if (body.length > maxBody) {
            return refused(source, 413, "body over " + maxBody + " bytes");
        }
        Verdict verdict = verifier.verify(new Delivery(request.getContentType(), headers(request), body, request.getRemoteAddr()));
        if (verdict instanceof Verdict.Reject reject) {
            log.info("webhook {} refused with {}: {}", source, reject.status(), reject.reason());
            return refused(source, reject.status(), reject.reason());
        }
        Verdict.Accept accepted = (Verdict.Accept) verdict;
        Optional<Long> id;
        try {
            id = store.insert(source, accepted);
        } catch (DataAccessException | TransactionException e) {
            log.warn("webhook {} not stored, answered 503: {}", source, e.getMostSpecificCause().toString());
            return counted(source, "unavailable", answer(503, "error", "cannot store the event now; retry later"));
        }
        if (id.isEmpty()) {
            attempts.duplicate(source, accepted);
            return counted(source, "duplicate", answer(200, "status", "duplicate"));
        }
        if (accepted.known()) {
            dispatcher.nudge();
            return counted(source, "accepted", answer(200, "status", "accepted"));
        }
        log.info("delivery {} from {} ignored: unknown event type '{}'", id.get(), source, accepted.eventType());
        return counted(source, "ignored", answer(200, "status", "ignored"));
    }

    /** Deliveries per configured source, outcome and status code: what an operator alerts on (refusals, 503s). */
    private <T> ResponseEntity<T> counted(String source, String outcome, ResponseEntity<T> answer) {
        Counter.builder("fediflow.webhook.deliveries").description("Webhook deliveries by source, outcome and answer")
                .tags("source", source, "outcome", outcome, "status", String.valueOf(answer.getStatusCode().value()))
                .register(meters).increment();
        return answer;
    }

    private ResponseEntity<byte[]> refused(String source, int status, String reason) {
        attempts.refused(source, status, reason);
        return counted(source, status >= 500 ? "unavailable" : "refused", answer(status, "error", reason));
    }

    private static Map<String, String> headers(HttpServletRequest request) {
        Map<String, String> headers = new HashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), request.getHeader(name));
        }
        return headers;
    }

    /**
     * The answer's JSON written here, once for each of the usual answers: through Spring MVC's message converters
     * (content negotiation, then Jackson) it cost about as much as the insert in a profile of a webhook burst.
     */
    private static ResponseEntity<byte[]> answer(int status, String key, String value) {
        byte[] body = status == 200 && key.equals("status") ? USUAL.get(value) : null;
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(body != null ? body : Json.MAPPER.writeValueAsBytes(Map.of(key, value)));
    }

    private static final Map<String, byte[]> USUAL = Map.of(
            "accepted", Json.MAPPER.writeValueAsBytes(Map.of("status", "accepted")),
            "duplicate", Json.MAPPER.writeValueAsBytes(Map.of("status", "duplicate")),
            "ignored", Json.MAPPER.writeValueAsBytes(Map.of("status", "ignored")));
}
