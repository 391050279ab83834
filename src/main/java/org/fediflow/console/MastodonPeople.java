package org.fediflow.console;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import tools.jackson.databind.JsonNode;

/**
 * Who signed in with Mastodon, and what they may do here, read from {@code GET /api/v1/accounts/verify_credentials}
 * at every sign-in (so taking a role away on Mastodon takes the console away at the next sign-in). The account's
 * role carries Mastodon's computed permission bits: administrator or manage_settings (the Owner and Admin roles)
 * make an operator; manage_reports (the Moderator role) a moderator; anyone else is refused. The access token is
 * revoked straight after: Fediflow keeps no Mastodon token of a person.
 */
class MastodonPeople implements OAuth2UserService<OAuth2UserRequest, OAuth2User> {

    static final long ADMINISTRATOR = 1L;
    static final long MANAGE_REPORTS = 1L << 4;
    static final long MANAGE_SETTINGS = 1L << 6;
    /** The attribute naming the person in the console and the audit trail: {@code @acct}. */
    static final String NAME = "fediflow_name";
    private static final Logger log = LoggerFactory.getLogger(MastodonPeople.class);

    private final RestClient http;

    MastodonPeople(RestClient http) {
        this.http = http;
    }

    /** A sign-in refused because of the account's role; carries who it was, for the page and the audit trail. */
    static final class Refused extends OAuth2AuthenticationException {
        private final String who;

        Refused(String who, String roleName) {
            super(new OAuth2Error("access_denied", who + " has the Mastodon role '" + roleName
                    + "', which gives no access to Fediflow (Owner, Admin or Moderator do)", null));
            this.who = who;
        }

        String who() {
            return who;
        }
    }

    @Override
    public OAuth2User loadUser(OAuth2UserRequest request) {
        var registration = request.getClientRegistration();
        String token = request.getAccessToken().getTokenValue();
        JsonNode account;
        try {
            account = http.get().uri(registration.getProviderDetails().getUserInfoEndpoint().getUri())
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + token).accept(MediaType.APPLICATION_JSON)
                    .retrieve().body(JsonNode.class);
        } catch (RestClientException e) {
            throw new OAuth2AuthenticationException(new OAuth2Error("invalid_user_info_response",
                    "Mastodon did not say who signed in: " + e.getMessage(), null), e);
        } finally {
            revoke(registration.getProviderDetails().getTokenUri().replaceAll("/token$", "/revoke"),
                    registration.getClientId(), registration.getClientSecret(), token);
        }
        if (account == null || account.path("acct").asString("").isEmpty()) {
            throw new OAuth2AuthenticationException(new OAuth2Error("invalid_user_info_response",
                    "Mastodon's verify_credentials answer has no account", null));
        }
        String who = "@" + account.get("acct").asString();
        JsonNode roleNode = account.path("role");
        String roleName = roleNode.isObject() ? roleNode.path("name").asString("") : roleNode.asString("none");
        String role = roleOf(roleNode);
        if (role == null) {
            throw new Refused(who, roleName.isEmpty() ? "none" : roleName);
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("id", account.path("id").asString(""));
        attributes.put("acct", account.get("acct").asString());
        attributes.put("display_name", account.path("display_name").asString(""));
        attributes.put("mastodon_role", roleName);
        attributes.put(NAME, who);
        return new DefaultOAuth2User(Roles.authorities(role), attributes, NAME);
    }

    /**
     * The console role for Mastodon's role object ({@code {name, permissions: "<bits>"}}, Mastodon 4.0+), or for the
     * plain role name of older servers ({@code admin}, {@code moderator}); null = no access.
     */
    static String roleOf(JsonNode role) {
        if (role == null || role.isMissingNode() || role.isNull()) {
            return null;
        }
        if (role.isString()) {
            return switch (role.asString()) {
                case "admin" -> "operator";
                case "moderator" -> "moderator";
                default -> null;
            };
        }
        long permissions;
        try {
            permissions = Long.parseLong(role.path("permissions").asString("0").trim());
        } catch (NumberFormatException e) {
            return null;
        }
        if ((permissions & (ADMINISTRATOR | MANAGE_SETTINGS)) != 0) {
            return "operator";
        }
        return (permissions & MANAGE_REPORTS) != 0 ? "moderator" : null;
    }

    private void revoke(String uri, String clientId, String clientSecret, String token) {
        var form = new LinkedMultiValueMap<String, String>();
        form.add("client_id", clientId);
        form.add("client_secret", clientSecret);
        form.add("token", token);
        try {
            http.post().uri(uri).contentType(MediaType.APPLICATION_FORM_URLENCODED).body(form).retrieve().toBodilessEntity();
        } catch (RestClientException e) {
            log.info("could not revoke the sign-in's Mastodon token at {}: {}", uri, e.getMessage());
        }
    }
}
