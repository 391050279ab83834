package org.fediflow.moderation;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.fediflow.connector.ComputeOnly;
import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.fediflow.connector.mastodon.MastodonProperties;
import org.fediflow.connector.slack.SlackText;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Renders a report's Slack message after the latest decision, and keeps the list of decisions (who, what,
 * when, Mastodon's answer) that the run carries in its history.
 */
@ConnectorInfo(id = "moderation.render-report", name = "Render a report for Slack",
        description = "Builds the Slack message of a Mastodon report (header, accounts, category, "
        + "rules, comment, up to 5 statuses, buttons Assign to me / Resolve / Mark "
        + "sensitive / Limit / Suspend / Open in Mastodon) after the latest decision, with "
        + "every Mastodon text escaped, and keeps the list of decisions.")
@ComputeOnly
@Component
public class RenderReportConnector implements Connector<RenderReportConnector.Input, RenderReportConnector.Output> {

    static final Set<String> CLOSING = Set.of("resolve", "sensitive", "limit", "suspend", "resolved-in-mastodon", "gone");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /**
     * @param report    the Admin::Report
     * @param decisions what the run decided before (the {@code decisions} output of the previous render)
     * @param action    what just happened; none for the first message
     * @param moderator Slack user id of who did it, none when it happened in Mastodon
     * @param outcome   Mastodon's answer, for the record
     */
    public record Input(
            @Doc("The Admin::Report (webhook object or mastodon.get-report's json)")
            @NotNull JsonNode report,
            @Doc("The decisions output of the previous render")
            JsonNode decisions,
            @Doc("What just happened: assign, resolve, sensitive, limit, suspend, "
                    + "resolved-in-mastodon, updated-in-mastodon, gone, escalated")
            @Pattern(regexp = "assign|resolve|sensitive|limit|suspend|resolved-in-mastodon|updated-in-mastodon|gone|escalated") String action,
            @Doc("Slack user id of who did it")
            @Pattern(regexp = "[A-Z0-9]{1,30}") String moderator,
            @Doc("Mastodon's answer, kept with the decision")
            String outcome) {
    }

    /**
     * @param text      notification text for Slack (escaped)
     * @param blocks    the message's blocks
     * @param logLine   one line for the thread, Fediflow's markup
     * @param decisions every decision so far
     * @param closed    whether the report is closed for Fediflow
     * @param report    the report as rendered, for the next steps
     */
    public record Output(
            @Doc(value = "Notification text", type = Doc.Type.TEXT)
            String text,
            @Doc("Block Kit blocks")
            JsonNode blocks,
            @Doc(value = "The decision as one line for the thread", type = Doc.Type.TEXT)
            String logLine,
            @Doc("Every decision so far: action, moderator, at, outcome")
            JsonNode decisions,
            @Doc("Whether the report is closed")
            boolean closed,
            @Doc("The report as rendered, for the next steps")
            JsonNode report) {
    }

    private final MastodonProperties mastodon;
    private final Clock clock;

    public RenderReportConnector(MastodonProperties mastodon, Clock clock) {
        this.mastodon = mastodon;
        this.clock = clock;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        Instant now = clock.instant();
        ArrayNode decisions = JsonNodeFactory.instance.arrayNode();
        if (input.decisions() != null && input.decisions().isArray()) {
            input.decisions().forEach(decisions::add);
        }
        String logLine = null;
        if (input.action() != null) {
            decisions.addObject().put("action", input.action()).put("moderator", input.moderator())
                    .put("at", now.toString()).put("outcome", input.outcome());
            logLine = line(input.action(), input.moderator(), input.report(), now);
        }
        List<String> log = new ArrayList<>();
        String assignee = null;
        boolean closed = false;
        for (JsonNode decision : decisions) {
            String action = decision.path("action").asString("");
            String moderator = decision.path("moderator").isString() ? decision.path("moderator").asString() : null;
            log.add(line(action, moderator, input.report(), Instant.parse(decision.path("at").asString(now.toString()))));
            if (action.equals("assign")) {
                assignee = moderator;
            }
            closed |= CLOSING.contains(action);
        }
        ReportCard.Rendered rendered = ReportCard.render(input.report(), mastodon.baseUrl(),
                decisions.isEmpty() ? null : new ReportCard.State(assignee, closed, log), now);
        return new Output(rendered.text(), rendered.blocks(), logLine, decisions, closed, input.report());
    }

    static String line(String action, String moderator, JsonNode report, Instant at) {
        String who = moderator == null ? "Someone in Mastodon" : "<@" + moderator + ">";
        String when = " at " + TIME.format(at);
        return switch (action) {
            case "assign" -> who + " took this report" + when;
            case "resolve" -> who + " resolved the report" + when;
            case "sensitive" -> who + " marked the account's media as sensitive and closed the report" + when;
            case "limit" -> who + " limited the account and closed the report" + when;
            case "suspend" -> who + " suspended the account and closed the report" + when;
            case "resolved-in-mastodon" -> "Resolved in Mastodon by "
                    + SlackText.escape(byAcct(report)) + when;
            case "updated-in-mastodon" -> "Updated in Mastodon" + assignedIn(report) + when;
            case "gone" -> "The report no longer exists in Mastodon" + when;
            case "escalated" -> "No action yet: escalated" + when;
            default -> SlackText.escape(action) + when;
        };
    }

    private static String byAcct(JsonNode report) {
        JsonNode by = report.path("action_taken_by_account");
        String acct = by.path("account").path("acct").asString(null);
        if (acct == null) {
            acct = by.path("username").asString(null);
        }
        return acct == null ? "a moderator" : "@" + acct;
    }

    private static String assignedIn(JsonNode report) {
        JsonNode assigned = report.path("assigned_account");
        String acct = assigned.path("account").path("acct").asString(null);
        if (acct == null) {
            acct = assigned.path("username").asString(null);
        }
        return acct == null ? "" : " (assigned to @" + SlackText.escape(acct) + ")";
    }
}
