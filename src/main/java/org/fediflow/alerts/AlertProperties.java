package org.fediflow.alerts;

import org.fediflow.shared.HttpUrls;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param publicUrl where operators reach Fediflow's console; alert links point there
 * @param alerts    {@code fediflow.alerts.*}
 */
@ConfigurationProperties("fediflow")
record AlertProperties(@DefaultValue("http://localhost:8080") String publicUrl, @DefaultValue Alerts alerts) {

    AlertProperties {
        HttpUrls.check("fediflow.public-url", publicUrl);
    }

    /** @param enabled post an alert to the ops channel for each new incident (IncidentAlerts) */
    record Alerts(@DefaultValue("true") boolean enabled) {
    }
}
