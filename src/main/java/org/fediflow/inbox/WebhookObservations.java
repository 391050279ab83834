package org.fediflow.inbox;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;

import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;

/**
 * No HTTP request observation ({@code http_server_requests_seconds}) for {@code /webhooks/**}: the inbox counts every
 * delivery itself, by source, outcome and status ({@code fediflow_webhook_deliveries_total}), and the observation cost
 * about 9 % of the node's CPU in a profile of a webhook burst. Nor Spring Security's observation of a request that
 * passes no security filter: webhooks are the only such requests (console/SecurityConfiguration). Every other request
 * is still observed.
 */
@Component
class WebhookObservations implements ObservationPredicate {

    private static final String UNFILTERED = "spring.security.http.unsecured.requests";

    @Override
    public boolean test(String name, Observation.Context context) {
        if (UNFILTERED.equals(name)) {
            return false;
        }
        return !(context instanceof ServerRequestObservationContext request
                && request.getCarrier() != null && request.getCarrier().getRequestURI().startsWith("/webhooks/"));
    }
}
