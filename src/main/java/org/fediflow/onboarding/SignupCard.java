package org.fediflow.onboarding;

import java.util.List;

import org.fediflow.connector.mastodon.MastodonAccount;
import org.fediflow.connector.slack.SlackText;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Slack message of one pending sign-up. Everything from Mastodon (names, invite request, e-mail domain) and the
 * signals built from it go through {@link SlackText}'s escaping builder; only Fediflow's labels are markup.
 */
final class SignupCard {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SignupCard() {
    }

    /**
     * @param decision null while undecided, else the line saying who decided what (Fediflow's markup)
     */
    static Rendered render(MastodonAccount account, JsonNode raw, String emailDomain, List<String> signals,
                           List<String> notes, String mastodonUrl, String decision, String status) {
        String acct = "@" + orDash(account.username());
        SlackText.Blocks blocks = SlackText.blocks()
                .header("Sign-up waiting for approval: " + acct)
                .fields("Username", acct,
                        "Display name", orDash(account.displayName()),
                        "E-mail domain", orDash(emailDomain),
                        "Sign-up IP", orDash(ip(raw)),
                        "Locale", orDash(account.locale()),
                        "Invite used", invite(raw));
        blocks.context("*Why they want to join*");
        String request = account.inviteRequest();
        blocks.text(request == null || request.isBlank() ? "(no text)" : request);
        blocks.context("*Screening*");
        blocks.text(signals.isEmpty() ? "No warning signs found."
                : String.join("\n", signals.stream().map(s -> "⚠️ " + s).toList()));
        if (!notes.isEmpty()) {
            blocks.context(SlackText.escape(String.join("\n", notes)));
        }
        if (decision != null) {
            blocks.markdown(decision);
        }
        ArrayNode built = blocks.build();
        built.add(actions(account.id(), mastodonUrl, decision == null));
        String text = "Sign-up of " + acct + (status == null ? " waiting for approval" : ": " + status);
        return new Rendered(SlackText.escape(text), SlackText.fit(built));
    }

    private static ObjectNode actions(String id, String mastodonUrl, boolean open) {
        ObjectNode block = JSON.objectNode().put("type", "actions").put("block_id", "signup-" + id + (open ? "-open" : "-done"));
        ArrayNode elements = block.putArray("elements");
        if (open) {
            elements.add(button("onboarding.approve", "Approve", id, "primary", null));
            ObjectNode confirm = JSON.objectNode();
            confirm.set("title", plain("Reject this sign-up?"));
            confirm.set("text", plain("Mastodon deletes the account; this cannot be undone. The applicant gets no message from Fediflow."));
            confirm.set("confirm", plain("Reject"));
            confirm.set("deny", plain("Cancel"));
            confirm.put("style", "danger");
            elements.add(button("onboarding.reject", "Reject", id, "danger", confirm));
        }
        if (mastodonUrl != null && !mastodonUrl.isBlank()) {
            elements.add(JSON.objectNode().put("type", "button").put("action_id", "onboarding.open")
                    .put("url", mastodonUrl.replaceAll("/+$", "") + "/admin/accounts/" + id)
                    .set("text", plain("Open in Mastodon")));
        }
        return block;
    }

    private static ObjectNode button(String actionId, String label, String value, String style, ObjectNode confirm) {
        ObjectNode button = JSON.objectNode().put("type", "button").put("action_id", actionId).put("value", value)
                .put("style", style);
        button.set("text", plain(label));
        if (confirm != null) {
            button.set("confirm", confirm);
        }
        return button;
    }

    private static ObjectNode plain(String text) {
        return JSON.objectNode().put("type", "plain_text").put("text", text);
    }

    private static String invite(JsonNode raw) {
        JsonNode by = raw.get("invited_by_account_id");
        return by == null || by.isNull() ? "no" : "yes (invited by account " + by.asString() + ")";
    }

    static String ip(JsonNode raw) {
        JsonNode ip = raw.get("ip");
        if (ip != null && ip.isString() && !ip.asString().isBlank()) {
            return ip.asString();
        }
        JsonNode first = raw.path("ips").path(0).get("ip");
        return first != null && first.isString() && !first.asString().isBlank() ? first.asString() : null;
    }

    private static String orDash(String value) {
        return value == null || value.isBlank() ? "–" : value;
    }

    record Rendered(String text, ArrayNode blocks) {
    }
}
