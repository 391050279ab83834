package org.fediflow.metrics;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code fediflow.metrics.*}. */
@ConfigurationProperties("fediflow")
record MetricsProperties(@DefaultValue Metrics metrics) {

    /**
     * @param token           the bearer token Prometheus sends to {@code /actuator/prometheus}; without it the
     *                        endpoint answers 401 (except on the management port)
     * @param refreshInterval how often the values read from the database (queue, incidents, backups, versions) are
     *                        read again
     */
    record Metrics(String token, @DefaultValue("15s") Duration refreshInterval) {

        @Override
        public String toString() {
            return "Metrics[token=" + (token == null ? "none" : "****") + ", refreshInterval=" + refreshInterval + "]";
        }
    }
}
