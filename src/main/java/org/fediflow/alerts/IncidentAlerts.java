package org.fediflow.alerts;

import java.time.Clock;
import java.sql.Timestamp;
import java.util.Locale;

import org.fediflow.connector.slack.SlackProperties;
import org.fediflow.connector.slack.SlackText;
import org.fediflow.connector.slack.SlackWebApi;
import org.fediflow.workflow.Runs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * One Slack alert in the ops channel per incident, with a link to the run. The alert is claimed in the
 * database first ({@code incident_alert}, unique per incident), so several nodes never alert twice. When the
 * failing step is a Slack step, or Slack refuses the alert, it is logged instead: Slack cannot report its own outage.
 */
@Component
class IncidentAlerts {

    private static final Logger log = LoggerFactory.getLogger(IncidentAlerts.class);

    private final Runs runs;
    private final SlackWebApi slack;
    private final SlackProperties slackProperties;
    private final JdbcTemplate jdbc;
    private final AlertProperties properties;
    private final Clock clock;

    IncidentAlerts(Runs runs, SlackWebApi slack, SlackProperties slackProperties, JdbcTemplate jdbc,
                   AlertProperties properties, Clock clock) {
        this.runs = runs;
        this.slack = slack;
        this.slackProperties = slackProperties;
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /** One pass: alert every incident not alerted yet. */
    void alertNewIncidents() {
        for (Runs.Incident incident : runs.incidents()) {
            if (!claim(incident.id())) {
                continue;
            }
            String text = text(incident);
            if (slackIsTheProblem(incident) || slackProperties.channels().ops() == null || slackProperties.botToken() == null) {
                log.warn("incident (not sent to Slack): {}", text);
                continue;
            }
            try {
                slack.postMessage("ops", text, null, null);
            } catch (RuntimeException e) {
                log.warn("incident (Slack refused the alert: {}): {}", e.getMessage(), text);
            }
        }
    }

    private boolean claim(String incidentId) {
        try {
            jdbc.update("INSERT INTO incident_alert (incident_id, alerted_at) VALUES (?, ?)", incidentId,
                    Timestamp.from(clock.instant()));
            return true;
        } catch (DuplicateKeyException alreadyAlerted) {
            return false;
        }
    }

    static boolean slackIsTheProblem(Runs.Incident incident) {
        String message = incident.message() == null ? "" : incident.message().toLowerCase(Locale.ROOT);
        return message.startsWith("slack.") || message.contains("slack api");
    }

    private String text(Runs.Incident incident) {
        String link = properties.publicUrl().replaceAll("/+$", "") + "/runs/" + incident.instanceId();
        return ":rotating_light: Incident in *" + SlackText.escape(String.valueOf(incident.definitionKey())) + "* at step `"
                + SlackText.escape(String.valueOf(incident.activityId())) + "`: "
                + SlackText.escape(SlackText.truncate(String.valueOf(incident.message()), 1500))
                + "\n<" + link + "|Open the run>";
    }

    @Scheduled(fixedDelayString = "${fediflow.alerts.interval:10s}", initialDelayString = "${fediflow.alerts.interval:10s}")
    void scheduled() {
        if (!properties.alerts().enabled()) {
            return;
        }
        try {
            alertNewIncidents();
        } catch (RuntimeException e) {
            log.warn("looking for new incidents failed: {}", e.toString());
        }
    }
}
