package org.fediflow.console;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.fediflow.connector.mastodon.MastodonProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.JsonNode;

/**
 * Fediflow as an OAuth application of the Mastodon instance, registered once with {@code POST /api/v1/apps} on the
 * first "Sign in with …" (not at start: Fediflow starts while the instance is down) and kept in the database for
 * every node. The scope is {@code profile} (Mastodon 4.3+: only who you are) or, on older servers,
 * {@code read:accounts}; PKCE is always sent (Mastodon checks it from 4.3 on).
 */
class MastodonApps implements ClientRegistrationRepository {

    static final String ID = "mastodon";
    static final String CALLBACK = "/login/oauth2/code/" + ID;
    private static final Logger log = LoggerFactory.getLogger(MastodonApps.class);

    private final String baseUrl;
    private final String redirectUri;
    private final JdbcTemplate jdbc;
    private final RestClient http;
    private final Clock clock;
    private volatile ClientRegistration registration;

    MastodonApps(MastodonProperties mastodon, ConsoleProperties console, JdbcTemplate jdbc, RestClient http, Clock clock) {
        this.baseUrl = mastodon.baseUrl().replaceAll("/+$", "");
        this.redirectUri = console.publicUrl() + CALLBACK;
        this.jdbc = jdbc;
        this.http = http;
        this.clock = clock;
    }

    String baseUrl() {
        return baseUrl;
    }

    /** The instance's host, as people know it ("Sign in with mastodon.example"). */
    String instanceName() {
        return java.net.URI.create(baseUrl).getHost();
    }

    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        if (!ID.equals(registrationId)) {
            return null;
        }
        ClientRegistration known = registration;
        if (known == null) {
            synchronized (this) {
                if (registration == null) {
                    registration = build(storedOrRegistered());
                }
                known = registration;
            }
        }
        return known;
    }

    private record App(String clientId, String clientSecret, String scopes) {
    }

    private App storedOrRegistered() {
        List<App> stored = stored();
        if (!stored.isEmpty()) {
            return stored.get(0);
        }
        String scopes = scopes();
        JsonNode app = http.post().uri(baseUrl + "/api/v1/apps")
                .body(Map.of("client_name", "Fediflow", "redirect_uris", redirectUri, "scopes", scopes,
                        "website", redirectUri.substring(0, redirectUri.length() - CALLBACK.length())))
                .retrieve().body(JsonNode.class);
        if (app == null || app.path("client_id").asString("").isEmpty() || app.path("client_secret").asString("").isEmpty()) {
            throw new IllegalStateException(baseUrl + "/api/v1/apps answered no client_id and client_secret");
        }
        App registered = new App(app.get("client_id").asString(), app.get("client_secret").asString(), scopes);
        try {
            jdbc.update("INSERT INTO mastodon_oauth_app (base_url, redirect_uri, client_id, client_secret, scopes, created_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?)", baseUrl, redirectUri, registered.clientId(), registered.clientSecret(),
                    scopes, Timestamp.from(clock.instant()));
            log.info("registered Fediflow as an OAuth application on {} (scope {}, callback {})", baseUrl, scopes, redirectUri);
            return registered;
        } catch (DuplicateKeyException anotherNodeWasFirst) {
            return stored().get(0);
        }
    }

    private List<App> stored() {
        return jdbc.query("SELECT client_id, client_secret, scopes FROM mastodon_oauth_app WHERE base_url = ? AND redirect_uri = ?",
                (rs, n) -> new App(rs.getString(1), rs.getString(2), rs.getString(3)), baseUrl, redirectUri);
    }

    /** {@code profile} where the instance has it (Mastodon 4.3 added it, and {@code api_versions} with it). */
    private String scopes() {
        try {
            JsonNode instance = http.get().uri(baseUrl + "/api/v2/instance").retrieve().body(JsonNode.class);
            if (instance != null && instance.path("api_versions").path("mastodon").asInt(0) >= 2) {
                return "profile";
            }
        } catch (RuntimeException e) {
            log.info("could not read {}/api/v2/instance ({}); asking for read:accounts", baseUrl, e.getMessage());
        }
        return "read:accounts";
    }

    private ClientRegistration build(App app) {
        return ClientRegistration.withRegistrationId(ID)
                .clientName(instanceName())
                .clientId(app.clientId())
                .clientSecret(app.clientSecret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(redirectUri)
                .scope(Set.of(app.scopes().split(" ")))
                .authorizationUri(baseUrl + "/oauth/authorize")
                .tokenUri(baseUrl + "/oauth/token")
                .userInfoUri(baseUrl + "/api/v1/accounts/verify_credentials")
                .userNameAttributeName("acct")
                .clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build())
                .build();
    }
}
