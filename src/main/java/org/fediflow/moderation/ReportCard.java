package org.fediflow.moderation;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.fediflow.connector.slack.SlackText;
import org.springframework.web.util.HtmlUtils;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Slack message of one report: what a moderator needs to decide, and the buttons that still apply.
 * Everything that comes from Mastodon (comment, names, statuses, rules) is untrusted and goes through
 * {@link SlackText}'s escaping builder; only Fediflow's own labels are markup.
 */
final class ReportCard {

    static final int MAX_STATUSES = 5;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ReportCard() {
    }

    /**
     * @param report   Admin::Report JSON
     * @param state    who did what so far, null when nothing happened yet
     */
    static Rendered render(JsonNode report, String mastodonUrl, State state, Instant now) {
        String id = text(report, "id");
        String link = mastodonUrl == null ? null : mastodonUrl.replaceAll("/+$", "") + "/admin/reports/" + id;
        JsonNode target = report.path("target_account");
        JsonNode reporter = report.path("account");
        String targetAcct = acct(target);
        String category = orDash(text(report, "category"));

        SlackText.Blocks blocks = SlackText.blocks()
                .header("Report #" + id + " against @" + targetAcct)
                .fields("Reported account", "@" + targetAcct + (isLocal(target) ? " (local)" : " (remote)"),
                        "Account age", age(target, now),
                        "Reported by", reporter(reporter),
                        "Category", category + (report.path("forwarded").asBoolean(false) ? " (forwarded)" : ""),
                        "Previous strikes", strikes(target));
        List<String> rules = new ArrayList<>();
        for (JsonNode rule : report.path("rules")) {
            rules.add("• " + orDash(text(rule, "text")));
        }
        if (!rules.isEmpty()) {
            blocks.context("*Rules broken*");
            blocks.text(String.join("\n", rules));
        }
        String comment = text(report, "comment");
        blocks.context("*Comment from the reporter*");
        blocks.text(comment == null || comment.isBlank() ? "(no comment)" : comment);
        int shown = 0;
        for (JsonNode status : report.path("statuses")) {
            if (shown++ == MAX_STATUSES) {
                blocks.context(SlackText.escape("… and " + (report.path("statuses").size() - MAX_STATUSES) + " more statuses"));
                break;
            }
            blocks.text(statusText(status));
        }
        if (state != null && !state.log().isEmpty()) {
            blocks.context(String.join("\n", state.log()));
        }
        ArrayNode built = blocks.build();
        built.add(actions(id, link, state));
        String text = "Report #" + id + " against @" + targetAcct + " (" + category + ")"
                + (state != null && state.closed() ? " — closed" : "");
        return new Rendered(SlackText.escape(text), SlackText.fit(built));
    }

    private static ObjectNode actions(String id, String link, State state) {
        ObjectNode block = JSON.objectNode().put("type", "actions").put("block_id", "report-" + id + "-" + (state == null ? 0 : state.log().size()));
        ArrayNode elements = block.putArray("elements");
        boolean closed = state != null && state.closed();
        if (!closed) {
            if (state == null || state.assignee() == null) {
                elements.add(button("report.assign", "Assign to me", id, null, null));
            }
            elements.add(button("report.resolve", "Resolve", id, "primary", null));
            elements.add(button("report.sensitive", "Mark sensitive", id, null, null));
            elements.add(button("report.limit", "Limit", id, null,
                    confirm("Limit this account?", "Its posts will only be seen by its followers, and the report is closed.")));
            elements.add(button("report.suspend", "Suspend", id, "danger",
                    confirm("Suspend this account?", "The account is suspended and the report is closed.")));
        }
        if (link != null) {
            elements.add(JSON.objectNode().put("type", "button").put("action_id", "report.open").put("url", link)
                    .set("text", plain("Open in Mastodon")));
        }
        return block;
    }

    private static ObjectNode button(String actionId, String label, String value, String style, ObjectNode confirm) {
        ObjectNode button = JSON.objectNode().put("type", "button").put("action_id", actionId).put("value", value);
        button.set("text", plain(label));
        if (style != null) {
            button.put("style", style);
        }
        if (confirm != null) {
            button.set("confirm", confirm);
        }
        return button;
    }

    private static ObjectNode confirm(String title, String text) {
        ObjectNode confirm = JSON.objectNode();
        confirm.set("title", plain(title));
        confirm.set("text", plain(text));
        confirm.set("confirm", plain("Yes"));
        confirm.set("deny", plain("Cancel"));
        return confirm;
    }

    private static ObjectNode plain(String text) {
        return JSON.objectNode().put("type", "plain_text").put("text", text);
    }

    private static String statusText(JsonNode status) {
        StringBuilder text = new StringBuilder();
        String warning = text(status, "spoiler_text");
        if (warning != null && !warning.isBlank()) {
            text.append("CW: ").append(warning).append("\n");
        }
        text.append(stripHtml(orDash(text(status, "content"))));
        int media = status.path("media_attachments").size();
        if (media > 0) {
            text.append("\n[").append(media).append(media == 1 ? " attachment]" : " attachments]");
        }
        String url = text(status, "url");
        if (url != null) {
            text.append("\n").append(url);
        }
        return text.toString();
    }

    /**
     * Mastodon's status HTML as plain text: paragraphs and line breaks kept, tags dropped, then every entity decoded
     * (Mastodon's sanitiser writes {@code &nbsp;}, remote servers send other named and numeric ones): Spring's
     * decoder knows all HTML 4 names and numeric references; {@code &apos;} is the one XML name statuses carry
     * beyond those. Decoding comes after the tags are gone, so a decoded {@code <} is text, escaped for Slack later.
     */
    static String stripHtml(String html) {
        String text = html.replaceAll("(?i)<br\\s*/?>", "\n").replaceAll("(?i)</p>\\s*<p>", "\n\n")
                .replaceAll("<[^>]*>", "");
        return HtmlUtils.htmlUnescape(text.replace("&apos;", "&#39;")).strip();
    }

    private static String reporter(JsonNode reporter) {
        String domain = text(reporter, "domain");
        return domain != null ? "a user of " + domain : "@" + acct(reporter);
    }

    private static String acct(JsonNode account) {
        String acct = text(account.path("account"), "acct");
        if (acct != null) {
            return acct;
        }
        String username = orDash(text(account, "username"));
        String domain = text(account, "domain");
        return domain == null ? username : username + "@" + domain;
    }

    private static boolean isLocal(JsonNode account) {
        return text(account, "domain") == null;
    }

    private static String age(JsonNode account, Instant now) {
        String created = text(account, "created_at");
        if (created == null) {
            return "unknown";
        }
        try {
            long days = Duration.between(Instant.parse(created), now).toDays();
            return days < 1 ? "less than a day" : days == 1 ? "1 day" : days + " days";
        } catch (DateTimeParseException e) {
            return "unknown";
        }
    }

    private static String strikes(JsonNode account) {
        JsonNode strikes = account.get("strikes");
        return strikes == null || strikes.isNull() ? "not available" : strikes.asString();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || value.isMissingNode() ? null : value.asString();
    }

    private static String orDash(String value) {
        return value == null || value.isBlank() ? "–" : value;
    }

    /** What happened to the report so far, as lines of Fediflow's own markup. */
    record State(String assignee, boolean closed, List<String> log) {
    }

    record Rendered(String text, ArrayNode blocks) {
    }
}
