package org.fediflow.testing;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Mastodon's JSON as its serializers write it, for webhook bodies and admin API answers (mastodon/mastodon):
 * <ul>
 *   <li>{@code app/serializers/rest/admin/report_serializer.rb}: id, action_taken, action_taken_at, category, comment,
 *       forwarded, created_at, updated_at, then account, target_account, assigned_account, action_taken_by_account,
 *       statuses, rules;</li>
 *   <li>{@code app/serializers/rest/admin/account_serializer.rb}: id, username, domain, created_at, email, ip,
 *       confirmed, suspended, silenced, sensitized, disabled, approved, locale, invite_request
 *       (invited_by_account_id only when invited), then ips, account, role. A remote account has no user, so
 *       email, ip, confirmed, disabled, approved, locale, invite_request, ips and role are null;</li>
 *   <li>{@code rest/account_serializer.rb}, {@code rest/status_serializer.rb} (with media_attachments, mentions,
 *       tags, emojis, quote of 4.5, card, poll), {@code rest/media_attachment_serializer.rb},
 *       {@code rest/rule_serializer.rb}, {@code rest/role_serializer.rb}, {@code rest/admin/ip_serializer.rb};</li>
 *   <li>status HTML as Mastodon's formatter and sanitiser write it: {@code &nbsp;}, {@code &amp;}, {@code &#39;},
 *       mention and hashtag links, the {@code quote-inline} paragraph of a quote post.</li>
 * </ul>
 * {@code WebhookService} writes the body with {@code Oj.dump} in compat mode: compact JSON, attributes first in
 * declaration order and associations after them (ActiveModel::Serializers), ids as strings, times with
 * milliseconds and {@code Z}, nothing HTML-escaped and {@code /} not escaped.
 */
public final class MastodonPayloads {

    public static final String DOMAIN = "mastodon.example";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private MastodonPayloads() {
    }

    public static String json(JsonNode node) {
        return JSON.writeValueAsString(node);
    }

    /** Admin::Account of a local user (a sign-up when {@code approved} is false). */
    public static ObjectNode localAccount(String id, String username, String displayName, String email, String ip,
                                          boolean approved, boolean suspended, String locale, String inviteRequest,
                                          String createdAt) {
        ObjectNode a = JSON.createObjectNode();
        a.put("id", id).put("username", username).putNull("domain").put("created_at", createdAt).put("email", email)
                .put("ip", ip).put("confirmed", true).put("suspended", suspended).put("silenced", false)
                .put("sensitized", false).put("disabled", false).put("approved", approved).put("locale", locale)
                .put("invite_request", inviteRequest);
        a.putArray("ips").addObject().put("ip", ip).put("used_at", createdAt);
        a.set("account", publicAccount(id, username, null, displayName, createdAt));
        a.putObject("role").put("id", "-99").put("name", "").put("permissions", "65536").put("color", "")
                .put("highlighted", false);
        return a;
    }

    /**
     * The same sign-up made with an invite: Mastodon adds {@code invited_by_account_id} (and only then) after
     * {@code invite_request}; a sign-up through an app likewise gets {@code created_by_application_id}.
     */
    public static ObjectNode invitedBy(ObjectNode account, String inviterId) {
        ObjectNode copy = JSON.createObjectNode();
        account.properties().forEach(field -> {
            copy.set(field.getKey(), field.getValue());
            if (field.getKey().equals("invite_request")) {
                copy.put("invited_by_account_id", inviterId);
            }
        });
        return copy;
    }

    /** Admin::Account of an account on another server: everything that belongs to a local user is null. */
    public static ObjectNode remoteAccount(String id, String username, String domain, String displayName,
                                           String createdAt) {
        ObjectNode a = JSON.createObjectNode();
        a.put("id", id).put("username", username).put("domain", domain).put("created_at", createdAt).putNull("email")
                .putNull("ip").putNull("confirmed").put("suspended", false).put("silenced", false)
                .put("sensitized", false).putNull("disabled").putNull("approved").putNull("locale")
                .putNull("invite_request").putNull("ips");
        a.set("account", publicAccount(id, username, domain, displayName, createdAt));
        a.putNull("role");
        return a;
    }

    /**
     * The reporter of a report another server forwarded: that server's instance actor (an Application actor whose
     * username is the server's domain), the only account Mastodon knows for a remote reporter.
     */
    public static ObjectNode instanceActor(String id, String domain) {
        ObjectNode actor = remoteAccount(id, domain, domain, "", "2023-01-01T00:00:00.000Z");
        ((ObjectNode) actor.get("account")).put("bot", true).put("url", "https://" + domain + "/about/more?instance_actor=true");
        return actor;
    }

    /** REST::Account: the public profile inside an Admin::Account and each status. */
    public static ObjectNode publicAccount(String id, String username, String domain, String displayName,
                                           String createdAt) {
        String host = domain == null ? DOMAIN : domain;
        ObjectNode a = JSON.createObjectNode();
        a.put("id", id).put("username", username).put("acct", domain == null ? username : username + "@" + domain)
                .put("display_name", displayName).put("locked", false).put("bot", false).put("discoverable", true)
                .put("indexable", false).put("group", false)
                // Mastodon shows the day an account was created, not the time.
                .put("created_at", createdAt.substring(0, 10) + "T00:00:00.000Z").put("note", "<p></p>")
                .put("url", "https://" + host + "/@" + username).put("uri", "https://" + host + "/users/" + username)
                .put("avatar", "https://" + DOMAIN + "/avatars/original/missing.png")
                .put("avatar_static", "https://" + DOMAIN + "/avatars/original/missing.png")
                .put("header", "https://" + DOMAIN + "/headers/original/missing.png")
                .put("header_static", "https://" + DOMAIN + "/headers/original/missing.png")
                .put("followers_count", 3).put("following_count", 12).put("statuses_count", 41)
                .put("last_status_at", "2025-07-10").put("hide_collections", false);
        if (domain == null) {
            a.put("noindex", false);
        }
        a.putArray("emojis");
        a.putArray("fields");
        if (domain == null) {
            a.putArray("roles");
        }
        return a;
    }

    /** REST::Status of {@code author} with {@code html} as its content, public, nothing attached. */
    public static ObjectNode status(String id, ObjectNode author, String html) {
        String url = author.get("url").asString();
        ObjectNode s = JSON.createObjectNode();
        s.put("id", id).put("created_at", "2025-07-11T09:50:00.000Z").putNull("in_reply_to_id")
                .putNull("in_reply_to_account_id").put("sensitive", false).put("spoiler_text", "")
                .put("visibility", "public").put("language", "en")
                .put("uri", author.get("uri").asString() + "/statuses/" + id).put("url", url + "/" + id)
                .put("replies_count", 0).put("reblogs_count", 0).put("favourites_count", 0).put("quotes_count", 0)
                .putNull("edited_at").put("content", html);
        s.putNull("reblog");
        s.set("account", author);
        s.putArray("media_attachments");
        s.putArray("mentions");
        s.putArray("tags");
        s.putArray("emojis");
        s.putNull("quote");
        s.putNull("card");
        s.putNull("poll");
        s.putObject("quote_approval").putArray("automatic").add("public");
        ((ObjectNode) s.get("quote_approval")).putArray("manual");
        ((ObjectNode) s.get("quote_approval")).put("current_user", "unknown");
        return s;
    }

    /** Adds an image attachment (REST::MediaAttachment). */
    public static ObjectNode withImage(ObjectNode status, String mediaId, String description) {
        ObjectNode media = ((ArrayNode) status.get("media_attachments")).addObject();
        String base = "https://files." + DOMAIN + "/media_attachments/files/" + mediaId;
        media.put("id", mediaId).put("type", "image").put("url", base + "/original/photo.png")
                .put("preview_url", base + "/small/photo.png").putNull("remote_url").putNull("preview_remote_url")
                .putNull("text_url");
        ObjectNode meta = media.putObject("meta");
        meta.putObject("original").put("width", 1200).put("height", 800).put("size", "1200x800").put("aspect", 1.5);
        meta.putObject("small").put("width", 588).put("height", 392).put("size", "588x392").put("aspect", 1.5);
        media.put("description", description).put("blurhash", "UFDJ@Y~qoft7xuoft7WBayj[ayj[");
        return status;
    }

    /** Adds a mention (REST::Status::Mention) of a local account; the content should carry its h-card link. */
    public static ObjectNode withMention(ObjectNode status, String accountId, String username) {
        ((ArrayNode) status.get("mentions")).addObject().put("id", accountId).put("username", username)
                .put("url", "https://" + DOMAIN + "/@" + username).put("acct", username);
        return status;
    }

    /** Adds a hashtag (REST::Status::Tag); the content should carry its link. */
    public static ObjectNode withTag(ObjectNode status, String name) {
        ((ArrayNode) status.get("tags")).addObject().put("name", name).put("url", "https://" + DOMAIN + "/tags/" + name);
        return status;
    }

    /** Makes the status a quote post of {@code quoted} (4.5: {@code quote: {state, quoted_status}}). */
    public static ObjectNode withQuote(ObjectNode status, ObjectNode quoted) {
        ObjectNode quote = status.putObject("quote");
        quote.put("state", "accepted");
        quote.set("quoted_status", quoted);
        return status;
    }

    /** The HTML of a mention as Mastodon's formatter writes it. */
    public static String mentionHtml(String username) {
        return "<span class=\"h-card\" translate=\"no\"><a href=\"https://" + DOMAIN + "/@" + username
                + "\" class=\"u-url mention\">@<span>" + username + "</span></a></span>";
    }

    /** The HTML of a hashtag as Mastodon's formatter writes it. */
    public static String hashtagHtml(String name) {
        return "<a href=\"https://" + DOMAIN + "/tags/" + name + "\" class=\"mention hashtag\" rel=\"tag\">#<span>"
                + name + "</span></a>";
    }

    /** The HTML of a link as Mastodon's formatter writes it (scheme hidden, long URLs ellipsised by CSS). */
    public static String linkHtml(String scheme, String rest) {
        return "<a href=\"" + scheme + "://" + rest + "\" target=\"_blank\" rel=\"nofollow noopener\" translate=\"no\">"
                + "<span class=\"invisible\">" + scheme + "://</span><span class=\"\">" + rest
                + "</span><span class=\"invisible\"></span></a>";
    }

    /** REST::Rule. */
    public static ObjectNode rule(String id, String text, String hint) {
        return JSON.createObjectNode().put("id", id).put("text", text).put("hint", hint);
    }

    /** Admin::Report. */
    public static ObjectNode report(String id, boolean actionTaken, String category, String comment, boolean forwarded,
                                    ObjectNode reporter, ObjectNode target, ObjectNode assignee,
                                    ObjectNode actionTakenBy, ArrayNode statuses, ArrayNode rules) {
        ObjectNode r = JSON.createObjectNode();
        r.put("id", id).put("action_taken", actionTaken);
        if (actionTaken) {
            r.put("action_taken_at", "2025-07-11T10:05:00.000Z");
        } else {
            r.putNull("action_taken_at");
        }
        r.put("category", category).put("comment", comment).put("forwarded", forwarded)
                .put("created_at", "2025-07-11T09:58:12.345Z").put("updated_at", "2025-07-11T10:01:00.000Z");
        r.set("account", reporter);
        r.set("target_account", target);
        r.set("assigned_account", assignee);
        r.set("action_taken_by_account", actionTakenBy);
        r.set("statuses", statuses);
        r.set("rules", rules);
        return r;
    }

    public static ArrayNode array(JsonNode... items) {
        ArrayNode array = JSON.createArrayNode();
        for (JsonNode item : items) {
            array.add(item);
        }
        return array;
    }
}
