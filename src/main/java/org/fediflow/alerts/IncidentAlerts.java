package org.fediflow.alerts;

import java.util.Locale;

import org.fediflow.connector.slack.SlackProperties;
import org.fediflow.connector.slack.SlackText;
import org.fediflow.connector.slack.SlackWebApi;
import org.fediflow.workflow.Incidents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * One Slack alert in the ops channel per incident, with a link to the run. Incidents come from the engine's events
 * ({@link Incidents.Opened}: published once, on the node that ran the failing step, after its move to the dead-letter
 * jobs committed), so several nodes never alert twice and nothing polls. When the failing step is a Slack step, or
 * Slack refuses the alert, it is logged instead: Slack cannot report its own outage.
 */
@Component
class IncidentAlerts {

    private static final Logger log = LoggerFactory.getLogger(IncidentAlerts.class);

    private final SlackWebApi slack;
    private final SlackProperties slackProperties;
    private final AlertProperties properties;

    IncidentAlerts(SlackWebApi slack, SlackProperties slackProperties, AlertProperties properties) {
        this.slack = slack;
        this.slackProperties = slackProperties;
        this.properties = properties;
    }

    @EventListener
    void opened(Incidents.Opened opened) {
        if (!properties.alerts().enabled()) {
            return;
        }
        Incidents.Incident incident = opened.incident();
        post(text(incident), slackIsTheProblem(incident));
    }

    private void post(String text, boolean slackIsTheProblem) {
        if (slackIsTheProblem || slackProperties.channels().ops() == null || slackProperties.botToken() == null) {
            log.warn("incident (not sent to Slack): {}", text);
            return;
        }
        try {
            slack.postMessage("ops", text, null, null);
        } catch (RuntimeException e) {
            log.warn("incident (Slack refused the alert: {}): {}", e.getMessage(), text);
        }
    }

    /** A delivery that never reached the engine is an incident too ({@code inbox-<id>}), retried from the console. */
    @EventListener
    void deliveryFailed(Incidents.DeliveryFailed failed) {
        if (!properties.alerts().enabled()) {
            return;
        }
        String text = ":rotating_light: Incident: delivery " + failed.deliveryId() + " ("
                + SlackText.escape(failed.source()) + " " + SlackText.escape(String.valueOf(failed.eventType()))
                + ") could not be handed to the engine in " + failed.attempts() + (failed.attempts() == 1 ? " try: " : " tries: ")
                + SlackText.escape(SlackText.truncate(String.valueOf(failed.error()), 1500))
                + "\nRetry it under open incidents once the cause is fixed: <"
                + console("/") + "|Open the console>";
        post(text, false);
    }

    /** A page of the console, from the public URL with or without its trailing slash. */
    private String console(String path) {
        return properties.publicUrl().replaceAll("/+$", "") + path;
    }

    static boolean slackIsTheProblem(Incidents.Incident incident) {
        String message = incident.message() == null ? "" : incident.message().toLowerCase(Locale.ROOT);
        return message.startsWith("slack.") || message.contains("slack api");
    }

    private String text(Incidents.Incident incident) {
        String link = console("/runs/" + incident.instanceId());
        return ":rotating_light: Incident in *" + SlackText.escape(String.valueOf(incident.definitionKey())) + "* at step `"
                + SlackText.escape(String.valueOf(incident.activityId())) + "`: "
                + SlackText.escape(SlackText.truncate(String.valueOf(incident.message()), 1500))
                + "\n<" + link + "|Open the run>";
    }
}
