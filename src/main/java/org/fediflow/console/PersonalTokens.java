package org.fediflow.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Personal API tokens: a person creates them in the console for scripts; a token acts with the role its owner had
 * when creating it, until it expires or is revoked (by its owner, or by Fediflow when the owner's Mastodon role no
 * longer admits them). The token is shown once; only its SHA-256 is stored (a 256-bit random token needs no slow
 * hash), so a lookup is one indexed query.
 */
class PersonalTokens {

    static final String PREFIX = "fft_";
    static final Duration MAX_LIFETIME = Duration.ofDays(366);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final AdminAccount admin;

    PersonalTokens(JdbcTemplate jdbc, Clock clock, AdminAccount admin) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.admin = admin;
    }

    record Token(long id, String owner, String name, String role, Instant createdAt, Instant expiresAt, Instant lastUsedAt) {
    }

    record Created(Token token, String secret) {
    }

    Created create(String owner, String role, String name, Duration lifetime) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        Instant expires = now.plus(lifetime);
        jdbc.update("INSERT INTO personal_token (owner, name, role, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                owner, name, role, sha256(secret), Timestamp.from(now), Timestamp.from(expires));
        Long id = jdbc.queryForObject("SELECT id FROM personal_token WHERE token_hash = ?", Long.class, sha256(secret));
        return new Created(new Token(id, owner, name, role, now, expires, null), secret);
    }

    /** The owner's tokens that still work (everyone's when {@code owner} is null), newest first. */
    List<Token> list(String owner) {
        Timestamp now = Timestamp.from(clock.instant());
        return jdbc.query("SELECT id, owner, name, role, created_at, expires_at, last_used_at FROM personal_token"
                        + " WHERE revoked_at IS NULL AND expires_at > ?" + (owner == null ? "" : " AND owner = ?") + " ORDER BY id DESC",
                (rs, n) -> new Token(rs.getLong("id"), rs.getString("owner"), rs.getString("name"), rs.getString("role"),
                        rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("expires_at").toInstant(),
                        rs.getTimestamp("last_used_at") == null ? null : rs.getTimestamp("last_used_at").toInstant()),
                owner == null ? new Object[] {now} : new Object[] {now, owner});
    }

    /** @return the token's name when the owner (anyone's when {@code owner} is null) had it and it was still active */
    Optional<String> revoke(String owner, long id) {
        List<String> names = owner == null
                ? jdbc.queryForList("SELECT name FROM personal_token WHERE id = ? AND revoked_at IS NULL", String.class, id)
                : jdbc.queryForList("SELECT name FROM personal_token WHERE id = ? AND owner = ? AND revoked_at IS NULL",
                String.class, id, owner);
        if (names.isEmpty()) {
            return Optional.empty();
        }
        jdbc.update("UPDATE personal_token SET revoked_at = ? WHERE id = ?", Timestamp.from(clock.instant()), id);
        return Optional.of(names.get(0));
    }

    /** A person signed in again: their tokens act with the role they have now (a demoted admin's tokens with it). */
    void roleChanged(String owner, String role) {
        jdbc.update("UPDATE personal_token SET role = ? WHERE owner = ? AND revoked_at IS NULL AND role <> ?", role, owner, role);
    }

    /** @return how many tokens were revoked */
    int revokeAll(String owner) {
        return jdbc.update("UPDATE personal_token SET revoked_at = ? WHERE owner = ? AND revoked_at IS NULL",
                Timestamp.from(clock.instant()), owner);
    }

    Optional<Authenticated> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String hash = sha256(secret);
        Timestamp now = Timestamp.from(clock.instant());
        var rows = jdbc.query("SELECT id, owner, name, role FROM personal_token WHERE token_hash = ? AND revoked_at IS NULL"
                        + " AND expires_at > ?",
                (rs, n) -> new Authenticated(rs.getLong("id"), rs.getString("owner"), rs.getString("name"), rs.getString("role")),
                hash, now);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Authenticated token = rows.get(0);
        if (token.owner().equals(admin.username()) && !admin.enabled()) {
            return Optional.empty(); // the local admin is switched off, and its tokens with it
        }
        jdbc.update("UPDATE personal_token SET last_used_at = ? WHERE id = ?", now, token.id());
        return Optional.of(token);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    record Authenticated(long id, String owner, String name, String role) {
    }

    /** A call made with a personal token: named after its owner and the token, with the owner's role. */
    static final class TokenAuthentication extends AbstractAuthenticationToken {

        private final Authenticated token;

        TokenAuthentication(Authenticated token) {
            super(Roles.authorities(token.role()));
            this.token = token;
            setAuthenticated(true);
        }

        String owner() {
            return token.owner();
        }

        @Override
        public Object getCredentials() {
            return null;
        }

        @Override
        public Object getPrincipal() {
            return token.owner();
        }

        @Override
        public String getName() {
            return token.owner() + " (token " + token.name() + ")";
        }
    }

    /** {@code Authorization: Bearer fft_…} on the operator API; a wrong or revoked token is a 401, never a fallback. */
    static final class BearerFilter extends OncePerRequestFilter {

        private final PersonalTokens tokens;

        BearerFilter(PersonalTokens tokens) {
            this.tokens = tokens;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader(HttpHeaders.AUTHORIZATION);
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                chain.doFilter(request, response);
                return;
            }
            Optional<Authenticated> token = tokens.authenticate(header.substring(7).trim());
            if (token.isEmpty()) {
                response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
                response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
                return;
            }
            var context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(new TokenAuthentication(token.get()));
            SecurityContextHolder.setContext(context);
            chain.doFilter(request, response);
        }
    }
}
