package org.fediflow.testing;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Mastodon's OAuth as Doorkeeper serves it: {@code POST /api/v1/apps} registers a client; {@code GET /oauth/authorize}
 * (the person is already signed in on the instance and approves at once) redirects back with a code and the state;
 * {@code POST /oauth/token} trades the code for a token only with the client's credentials, the same redirect URI and
 * the PKCE verifier of the code's challenge (S256); {@code GET /api/v1/accounts/verify_credentials} answers the
 * CredentialAccount with its {@code role} (permissions as a string of computed bits); {@code POST /oauth/revoke}
 * ends a token. Errors are Doorkeeper's {@code {"error", "error_description"}}.
 */
public final class FakeMastodonOAuth implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "fake-mastodon-oauth";
    public static final long OWNER = (1L << 20) - 1; // the administrator flag computes to every permission
    public static final long ADMIN = 0b1111_1111_1111_1111_1100L;
    public static final long MODERATOR = (1L << 16) | (1L << 3) | (1L << 2) | (1L << 10) | (1L << 4) | (1L << 8);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private record Client(String id, String secret, String redirectUri, String scopes) {
    }

    private record Grant(String clientId, String redirectUri, String challenge, Account account) {
    }

    public record Account(String id, String acct, String roleName, long permissions) {
    }

    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, Account> tokens = new ConcurrentHashMap<>();
    private final List<String> revoked = new CopyOnWriteArrayList<>();
    private final AtomicInteger registrations = new AtomicInteger();
    private final AtomicInteger pkceChecked = new AtomicInteger();
    private volatile Account signedIn;

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    /** The person signed in on the instance in the browser, who approves the next authorization. */
    public void signedIn(String acct, String roleName, long permissions) {
        signedIn = new Account(String.valueOf(Math.abs(acct.hashCode())), acct, roleName, permissions);
    }

    public int registrations() {
        return registrations.get();
    }

    /** Token requests whose PKCE verifier matched the code's S256 challenge. */
    public int pkceChecked() {
        return pkceChecked.get();
    }

    public List<String> revokedTokens() {
        return revoked;
    }

    public List<String> registeredScopes() {
        return clients.values().stream().map(Client::scopes).toList();
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        Request request = event.getRequest();
        String path = request.getUrl().replaceAll("\\?.*", "");
        return switch (request.getMethod().getName() + " " + path) {
            case "POST /api/v1/apps" -> register(request);
            case "GET /oauth/authorize" -> authorize(request);
            case "POST /oauth/token" -> token(request);
            case "GET /api/v1/accounts/verify_credentials" -> credentials(request);
            case "POST /oauth/revoke" -> revoke(request);
            default -> error(404, "not_found", "Record not found");
        };
    }

    private ResponseDefinition register(Request request) {
        Map<String, String> body = request.contentTypeHeader().mimeTypePart() != null
                && request.contentTypeHeader().mimeTypePart().contains("json") ? json(request.getBodyAsString()) : form(request.getBodyAsString());
        if (blank(body.get("client_name")) || blank(body.get("redirect_uris"))) {
            return json(422, JSON.createObjectNode().put("error", "Validation failed: Application name can't be blank"));
        }
        Client client = new Client(UUID.randomUUID().toString(), UUID.randomUUID().toString(), body.get("redirect_uris"),
                body.getOrDefault("scopes", "read"));
        clients.put(client.id(), client);
        registrations.incrementAndGet();
        ObjectNode app = JSON.createObjectNode().put("id", String.valueOf(registrations.get())).put("name", body.get("client_name"))
                .put("website", body.get("website")).put("redirect_uri", client.redirectUri())
                .put("client_id", client.id()).put("client_secret", client.secret()).put("client_secret_expires_at", 0)
                .put("vapid_key", "BCk-QqERU0q-CfYZjcuB6lnyyOYfJ2AifKqfeGIm7Z-HiTU5T9eTG5GxVA0_OH5mMlI4UkkDTpaZwozy0TzdZ2M=");
        app.putArray("scopes").add(client.scopes());
        app.putArray("redirect_uris").add(client.redirectUri());
        return json(200, app);
    }

    private ResponseDefinition authorize(Request request) {
        Map<String, String> q = form(request.getUrl().contains("?") ? request.getUrl().substring(request.getUrl().indexOf('?') + 1) : "");
        Client client = clients.get(q.getOrDefault("client_id", ""));
        if (client == null) {
            return html(401, "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.");
        }
        if (!client.redirectUri().equals(q.get("redirect_uri"))) {
            return html(400, "The redirect uri included is not valid.");
        }
        if (!"code".equals(q.get("response_type"))) {
            return html(400, "The authorization server does not support this response type.");
        }
        if (!"S256".equals(q.get("code_challenge_method")) || blank(q.get("code_challenge"))) {
            return html(400, "Code challenge is required.");
        }
        Account account = signedIn;
        if (account == null) {
            return html(401, "You need to sign in or sign up before continuing.");
        }
        String code = UUID.randomUUID().toString().replace("-", "");
        codes.put(code, new Grant(client.id(), client.redirectUri(), q.get("code_challenge"), account));
        String location = client.redirectUri() + "?code=" + code
                + (q.get("state") == null ? "" : "&state=" + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8));
        return ResponseDefinition.redirectTo(location);
    }

    private ResponseDefinition token(Request request) {
        Map<String, String> f = form(request.getBodyAsString());
        Client client = clients.get(f.getOrDefault("client_id", ""));
        if (client == null || !client.secret().equals(f.get("client_secret"))) {
            return error(401, "invalid_client", "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.");
        }
        if (!"authorization_code".equals(f.get("grant_type"))) {
            return error(400, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server.");
        }
        Grant grant = codes.remove(f.getOrDefault("code", ""));
        if (grant == null || !grant.clientId().equals(client.id()) || !grant.redirectUri().equals(f.get("redirect_uri"))) {
            return error(400, "invalid_grant", "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.");
        }
        if (blank(f.get("code_verifier")) || !s256(f.get("code_verifier")).equals(grant.challenge())) {
            return error(400, "invalid_grant", "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.");
        }
        pkceChecked.incrementAndGet();
        String token = UUID.randomUUID().toString().replace("-", "");
        tokens.put(token, grant.account());
        return json(200, JSON.createObjectNode().put("access_token", token).put("token_type", "Bearer")
                .put("scope", client.scopes()).put("created_at", Instant.now().getEpochSecond()));
    }

    private ResponseDefinition credentials(Request request) {
        String header = request.getHeader("Authorization");
        Account account = header == null || !header.startsWith("Bearer ") ? null : tokens.get(header.substring(7));
        if (account == null) {
            return json(401, JSON.createObjectNode().put("error", "The access token is invalid"));
        }
        ObjectNode body = JSON.createObjectNode().put("id", account.id()).put("username", account.acct())
                .put("acct", account.acct()).put("display_name", account.acct().toUpperCase())
                .put("locked", false).put("bot", false).put("created_at", "2023-01-01T00:00:00.000Z")
                .put("note", "").put("url", "https://mastodon.example/@" + account.acct());
        body.putObject("source").put("privacy", "public").put("sensitive", false).put("language", "").put("note", "");
        body.putObject("role").put("id", account.permissions() == 65536 ? "-99" : "3")
                .put("name", account.roleName()).put("permissions", String.valueOf(account.permissions()))
                .put("color", "").put("highlighted", !account.roleName().isEmpty());
        return json(200, body);
    }

    private ResponseDefinition revoke(Request request) {
        Map<String, String> f = form(request.getBodyAsString());
        Client client = clients.get(f.getOrDefault("client_id", ""));
        if (client == null || !client.secret().equals(f.get("client_secret"))) {
            return error(403, "unauthorized_client", "You are not authorized to revoke this token");
        }
        if (tokens.remove(f.getOrDefault("token", "")) != null) {
            revoked.add(f.get("token"));
        }
        return json(200, JSON.createObjectNode());
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> values = new HashMap<>();
        if (body == null) {
            return values;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            values.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static Map<String, String> json(String body) {
        Map<String, String> values = new HashMap<>();
        JSON.readTree(body).properties().forEach(e -> values.put(e.getKey(), e.getValue().asString()));
        return values;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static ResponseDefinition json(int status, ObjectNode body) {
        return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder().withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody(body.toString()).build();
    }

    private static ResponseDefinition error(int status, String error, String description) {
        return json(status, JSON.createObjectNode().put("error", error).put("error_description", description));
    }

    private static ResponseDefinition html(int status, String message) {
        return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder().withStatus(status)
                .withHeader("Content-Type", "text/html; charset=utf-8")
                .withBody("<!DOCTYPE html><html><body><div class=\"form-container\"><p>" + message + "</p></div></body></html>").build();
    }
}
