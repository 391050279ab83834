package org.fediflow.connector.mastodon;

import org.fediflow.shared.Json;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Posts a status as the automation account, e.g. a welcome DM ({@code visibility=direct}; the recipient must be
 * @-mentioned in the text). The step's idempotency key goes out as {@code Idempotency-Key}: Mastodon returns
 * the first status for a repeat within an hour, so a retried step does not post twice.
 */
@ConnectorInfo(id = "mastodon.post-status", name = "Post a Mastodon status",
        description = "Posts a status as the automation account (POST /api/v1/statuses; scope write:statuses) "
        + "with the step's idempotency key as Idempotency-Key, which Mastodon honours for one hour. "
        + "For a welcome DM use visibility direct and @-mention the recipient in the text. 422 (too "
        + "long, bad language) is an incident. " + MastodonDocs.FAILURES)
@Component
public class PostStatusConnector implements Connector<PostStatusConnector.Input, PostStatusConnector.Output> {

    /** @param visibility defaults to {@code direct}: an automation account should never post publicly by accident */
    public record Input(
            @Doc(value = "The text; mention @user (or @user@domain) for a direct message", type = Doc.Type.TEXT)
            @NotBlank String status,
            @Doc("public, unlisted, private or direct (default direct)")
            @Pattern(regexp = "public|unlisted|private|direct") String visibility,
            @Doc("Status id to reply to")
            String inReplyToId,
            @Doc("Content warning")
            String spoilerText,
            @Doc("ISO 639 language code")
            String language) {
    }

    public record Output(
            @Doc("Status id")
            String id,
            @Doc("Web URL")
            String url,
            @Doc("ActivityPub URI")
            String uri,
            @Doc("Visibility as posted")
            String visibility,
            @Doc("ISO-8601")
            String createdAt,
            @Doc("The whole Status")
            JsonNode json) {
    }

    private final MastodonClient client;

    public PostStatusConnector(MastodonClient client) {
        this.client = client;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        ObjectNode body = client.newObject();
        body.put("status", input.status());
        body.put("visibility", input.visibility() == null || input.visibility().isBlank() ? "direct" : input.visibility());
        putIfPresent(body, "in_reply_to_id", input.inReplyToId());
        putIfPresent(body, "spoiler_text", input.spoilerText());
        putIfPresent(body, "language", input.language());
        JsonNode status = client.postStatus(body, context.idempotencyKey());
        return new Output(Json.text(status, "id"), Json.text(status, "url"),
                Json.text(status, "uri"), Json.text(status, "visibility"),
                Json.text(status, "created_at"), status);
    }

    private static void putIfPresent(ObjectNode body, String field, String value) {
        if (value != null && !value.isBlank()) {
            body.put(field, value);
        }
    }
}
