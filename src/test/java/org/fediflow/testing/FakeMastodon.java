package org.fediflow.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.time.Instant;

import com.github.tomakehurst.wiremock.WireMockServer;

import tools.jackson.databind.node.ObjectNode;

/**
 * A Mastodon instance on loopback that answers the admin API like Mastodon does (protocols.md §1.4, §2):
 * Admin::Report and Admin::Account JSON with string ids and ISO-8601 timestamps, {@code {"error": "..."}} bodies
 * for 403/404/422, and 429 with {@code X-RateLimit-*} headers whose reset is an ISO-8601 timestamp.
 *
 * <p>Unknown paths answer 404 {@code Record not found}, like an id Mastodon does not know.
 */
public final class FakeMastodon implements AutoCloseable {

    public static final String TOKEN = "mastodon-test-token-0123456789";

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    private final FakeMastodonOAuth oauth = new FakeMastodonOAuth();
    private final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(oauth));

    public FakeMastodon() {
        server.start();
        server.stubFor(any(com.github.tomakehurst.wiremock.client.WireMock.anyUrl()).atPriority(10)
                .willReturn(error(404, "Record not found")));
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public WireMockServer server() {
        return server;
    }

    /**
     * Answers Mastodon's OAuth and {@code verify_credentials} (see {@link FakeMastodonOAuth}); who approves the next
     * sign-in is set with {@code oauth().signedIn(...)}.
     */
    public FakeMastodonOAuth oauth() {
        for (var path : new String[] {"/api/v1/apps", "/oauth/token", "/oauth/revoke"}) {
            server.stubFor(post(urlPathEqualTo(path)).atPriority(2).willReturn(aResponse().withTransformers(FakeMastodonOAuth.NAME)));
        }
        for (var path : new String[] {"/oauth/authorize", "/api/v1/accounts/verify_credentials"}) {
            server.stubFor(get(urlPathEqualTo(path)).atPriority(2).willReturn(aResponse().withTransformers(FakeMastodonOAuth.NAME)));
        }
        return oauth;
    }

    /** Serves GET /api/v1/admin/reports/:id and the four state changes, each answering the report. */
    public void report(String id, String comment, boolean actionTaken) {
        String json = reportJson(id, comment, actionTaken, false);
        server.stubFor(get(urlPathEqualTo("/api/v1/admin/reports/" + id)).willReturn(okJson(json)));
        server.stubFor(post(urlPathEqualTo("/api/v1/admin/reports/" + id + "/assign_to_self"))
                .willReturn(okJson(reportJson(id, comment, actionTaken, true))));
        server.stubFor(post(urlPathEqualTo("/api/v1/admin/reports/" + id + "/unassign")).willReturn(okJson(json)));
        server.stubFor(post(urlPathEqualTo("/api/v1/admin/reports/" + id + "/resolve"))
                .willReturn(okJson(reportJson(id, comment, true, false))));
        server.stubFor(post(urlPathEqualTo("/api/v1/admin/reports/" + id + "/reopen"))
                .willReturn(okJson(reportJson(id, comment, false, false))));
    }

    /** Serves GET /api/v1/admin/accounts/:id and approve/reject/action for a local account. */
    public void account(String id, String username, boolean approved, boolean suspended) {
        server.stubFor(get(urlPathEqualTo("/api/v1/admin/accounts/" + id))
                .willReturn(okJson(accountJson(id, username, approved, suspended))));
        server.stubFor(post(urlPathEqualTo("/api/v1/admin/accounts/" + id + "/approve"))
                .willReturn(approved ? error(403, "This action is not allowed")
                        : okJson(accountJson(id, username, true, suspended))));
        server.stubFor(post(urlPathEqualTo("/api/v1/admin/accounts/" + id + "/reject"))
                .willReturn(approved ? error(403, "This action is not allowed")
                        : okJson(accountJson(id, username, false, suspended))));
        server.stubFor(post(urlPathEqualTo("/api/v1/admin/accounts/" + id + "/action")).willReturn(okJson("{}")));
    }

    /**
     * A local sign-up: serves GET /api/v1/admin/accounts/:id (as pending or approved) and approve/reject as Mastodon
     * does (approve answers the approved account; both 403 once approved).
     */
    public void signup(String id, String username, String displayName, String email, String ip, boolean approved,
                       String inviteRequest) {
        String json = signupJson(id, username, displayName, email, ip, approved, inviteRequest);
        server.stubFor(get(urlPathEqualTo("/api/v1/admin/accounts/" + id)).willReturn(okJson(json)));
        server.stubFor(post(urlPathEqualTo("/api/v1/admin/accounts/" + id + "/approve"))
                .willReturn(approved ? error(403, "This action is not allowed")
                        : okJson(signupJson(id, username, displayName, email, ip, true, inviteRequest))));
        server.stubFor(post(urlPathEqualTo("/api/v1/admin/accounts/" + id + "/reject"))
                .willReturn(approved ? error(403, "This action is not allowed") : okJson(json)));
    }

    /** An Admin::Account of a local sign-up as {@link MastodonPayloads} builds it (Mastodon's serializer). */
    public static String signupJson(String id, String username, String displayName, String email, String ip,
                                    boolean approved, String inviteRequest) {
        return MastodonPayloads.json(MastodonPayloads.localAccount(id, username, displayName, email, ip, approved, false,
                "de", inviteRequest, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString()));
    }

    /** GET /api/v1/admin/email_domain_blocks answers these domains (Admin::EmailDomainBlock objects). */
    public void emailDomainBlocks(String... domains) {
        var blocks = JSON.createArrayNode();
        for (int i = 0; i < domains.length; i++) {
            blocks.addObject().put("id", String.valueOf(i + 1)).put("domain", domains[i])
                    .put("created_at", "2025-01-01T00:00:00.000Z").putArray("history");
        }
        server.stubFor(get(urlPathEqualTo("/api/v1/admin/email_domain_blocks")).willReturn(okJson(blocks.toString())));
    }

    /** GET /api/v1/admin/email_domain_blocks answers 403, as for a token without the scope or a role without the permission. */
    public void emailDomainBlocksForbidden() {
        server.stubFor(get(urlPathEqualTo("/api/v1/admin/email_domain_blocks"))
                .willReturn(error(403, "This action is not allowed")));
    }

    /** Serves POST /api/v1/statuses, answering a direct status. */
    public void statuses() {
        server.stubFor(post(urlPathEqualTo("/api/v1/statuses")).willReturn(okJson("""
                {"id":"113456789012345678","created_at":"2025-07-11T10:00:00.000Z","visibility":"direct",
                 "uri":"https://mastodon.example/users/fediflow/statuses/113456789012345678",
                 "url":"https://mastodon.example/@fediflow/113456789012345678","content":"<p>hello</p>"}""")));
    }

    public void instance(String version, Integer apiVersion) {
        server.stubFor(get(urlPathEqualTo("/api/v2/instance")).willReturn(okJson("""
                {"domain":"mastodon.example","title":"Mastodon Example","version":"%s",%s
                 "configuration":{},"contact":{"email":"admin@mastodon.example"}}"""
                .formatted(version, apiVersion == null ? "" : "\"api_versions\":{\"mastodon\":" + apiVersion + "},"))));
    }

    /** Every request to the path answers 429 with Mastodon's rate-limit headers, resetting at {@code reset}. */
    public void rateLimited(String path, Instant reset) {
        server.stubFor(any(urlPathEqualTo(path)).atPriority(1).willReturn(error(429, "Too many requests")
                .withHeader("X-RateLimit-Limit", "300")
                .withHeader("X-RateLimit-Remaining", "0")
                .withHeader("X-RateLimit-Reset", reset.toString())));
    }

    public void unprocessable(String path, String text) {
        server.stubFor(any(urlPathEqualTo(path)).atPriority(1).willReturn(error(422, text)));
    }

    public void failing(String path, int status, String text) {
        server.stubFor(any(urlPathEqualTo(path)).atPriority(1).willReturn(error(status, text)));
    }

    /** An nginx-style gateway error page, not Mastodon JSON. */
    public void badGateway(String path) {
        server.stubFor(any(urlPathEqualTo(path)).atPriority(1).willReturn(aResponse().withStatus(502)
                .withHeader("Content-Type", "text/html").withBody("<html><body>502 Bad Gateway</body></html>")));
    }

    public void slow(String path, int millis) {
        server.stubFor(any(urlPathEqualTo(path)).atPriority(1).willReturn(okJson("{}").withFixedDelay(millis)));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder error(int status, String text) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("{\"error\":\"" + text.replace("\"", "\\\"") + "\"}");
    }

    /**
     * An Admin::Report as Mastodon's serializer writes it ({@link MastodonPayloads}): local reporter alice, the remote
     * spammer@spam.example as target, one reported status with a link, a hashtag, a mention, an image and Mastodon's
     * {@code &nbsp;}, the rule "No spam".
     */
    public static String reportJson(String id, String comment, boolean actionTaken, boolean assigned) {
        ObjectNode target = MastodonPayloads.remoteAccount("110000000000000002", "spammer", "spam.example", "Spam Bot",
                "2025-06-01T12:00:00.000Z");
        ObjectNode status = MastodonPayloads.status("113456700000000001", (ObjectNode) target.get("account"),
                "<p>buy now&nbsp;&gt;&gt; " + MastodonPayloads.linkHtml("https", "spam.example/deals") + " "
                        + MastodonPayloads.hashtagHtml("deals") + "</p><p>cc " + MastodonPayloads.mentionHtml("alice") + "</p>");
        MastodonPayloads.withTag(MastodonPayloads.withMention(status, "110000000000000001", "alice"), "deals");
        MastodonPayloads.withImage(status, "113456700000000099", "a banner saying 50% off");
        return MastodonPayloads.json(MastodonPayloads.report(id, actionTaken, "spam", comment, false,
                MastodonPayloads.localAccount("110000000000000001", "alice", "alice", "alice@mail.example", "192.0.2.10",
                        true, false, "en", null, "2025-07-01T12:00:00.000Z"),
                target,
                assigned ? MastodonPayloads.localAccount("110000000000000003", "fediflow", "fediflow",
                        "fediflow@mail.example", "192.0.2.10", true, false, "en", null, "2025-07-01T12:00:00.000Z") : null,
                actionTaken ? MastodonPayloads.localAccount("110000000000000004", "mod", "mod", "mod@mail.example",
                        "192.0.2.10", true, false, "en", null, "2025-07-01T12:00:00.000Z") : null,
                MastodonPayloads.array(status),
                MastodonPayloads.array(MastodonPayloads.rule("2", "No spam", "Including unsolicited advertising"))));
    }

    public static String accountJson(String id, String username, boolean approved, boolean suspended) {
        return MastodonPayloads.json(MastodonPayloads.localAccount(id, username, username, username + "@mail.example",
                "192.0.2.10", approved, suspended, "en", "I run a <!channel> knitting club & want in",
                "2025-07-01T12:00:00.000Z"));
    }

    @Override
    public void close() {
        server.stop();
    }
}
