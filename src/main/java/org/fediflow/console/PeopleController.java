package org.fediflow.console;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fediflow.audit.Audit;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Who am I, the audit trail, my API tokens, the admin's password. */
@RestController
@RequestMapping("/api")
class PeopleController {

    private final Audit audit;
    private final PersonalTokens tokens;
    private final AdminAccount admin;

    PeopleController(Audit audit, PersonalTokens tokens, AdminAccount admin) {
        this.audit = audit;
        this.tokens = tokens;
        this.admin = admin;
    }

    @GetMapping("/me")
    Map<String, Object> me(Authentication who) {
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("name", owner(who));
        me.put("role", Roles.of(who));
        me.put("localAdmin", isLocalAdmin(who));
        me.put("token", who instanceof PersonalTokens.TokenAuthentication);
        return me;
    }

    /**
     * {@code [{at, who, action, target, result}]}, newest first. {@code target} (repeatable): entries about it or
     * below it ({@code process:backup} also finds {@code process:backup/dump}); {@code before}: the id to page from.
     */
    @GetMapping("/audit")
    List<Audit.Entry> audit(@RequestParam(required = false) List<String> target, @RequestParam(required = false) String who,
                            @RequestParam(required = false) String action, @RequestParam(required = false) Long before,
                            @RequestParam(defaultValue = "200") int limit) {
        return audit.entries(target, blank(who), blank(action), before, limit);
    }

    /** The caller's tokens; with {@code all=true}, an operator sees everyone's (to revoke a departed person's). */
    @GetMapping("/tokens")
    ResponseEntity<?> myTokens(Authentication who, @RequestParam(defaultValue = "false") boolean all) {
        if (all && !"operator".equals(Roles.of(who))) {
            return Problems.answer(HttpStatus.FORBIDDEN, "only operators see everyone's tokens");
        }
        return ResponseEntity.ok(tokens.list(all ? null : owner(who)));
    }

    record NewToken(String name, Integer days) {
    }

    /** A new personal API token with the caller's role; the answer is the only time its secret is shown. */
    @PostMapping("/tokens")
    ResponseEntity<?> create(Authentication who, @RequestBody(required = false) NewToken request) {
        if (who instanceof PersonalTokens.TokenAuthentication) {
            AuditedRequests.describe("token create", "token:-", "refused: a token cannot make tokens");
            return Problems.answer(HttpStatus.FORBIDDEN, "a token cannot make tokens: sign in to the console");
        }
        String name = request == null || request.name() == null ? "" : request.name().trim();
        int days = request == null || request.days() == null ? 90 : request.days();
        if (name.isEmpty() || name.length() > 100 || days < 1 || days > PersonalTokens.MAX_LIFETIME.toDays()) {
            AuditedRequests.describe("token create", "token:" + name, "rejected: bad name or lifetime");
            return Problems.badRequest("name: 1 to 100 characters; days: 1 to "
                    + PersonalTokens.MAX_LIFETIME.toDays());
        }
        var created = tokens.create(owner(who), Roles.of(who), name, Duration.ofDays(days));
        AuditedRequests.describe("token create", "token:" + created.token().id(),
                "ok: '" + name + "', " + created.token().role() + ", expires " + created.token().expiresAt());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", created.token());
        body.put("secret", created.secret());
        return ResponseEntity.status(HttpStatus.CREATED).body(body);
    }

    @DeleteMapping("/tokens/{id}")
    ResponseEntity<?> revoke(Authentication who, @PathVariable long id) {
        // An operator may revoke anyone's token; everyone else only their own.
        var revoked = tokens.revoke("operator".equals(Roles.of(who)) ? null : owner(who), id);
        AuditedRequests.describe("token revoke", "token:" + id, revoked.map(n -> "ok: '" + n + "'").orElse("not found"));
        return revoked.<ResponseEntity<?>>map(n -> ResponseEntity.noContent().build())
                .orElseGet(() -> Problems.answer(HttpStatus.NOT_FOUND, "you have no token " + id));
    }

    record PasswordChange(String current, String replacement) {
    }

    /** The local admin's password; only the admin, signed in with it, changes it. */
    @PostMapping("/account/password")
    ResponseEntity<?> password(Authentication who, @RequestBody(required = false) PasswordChange change) {
        String target = "account:" + admin.username();
        if (!isLocalAdmin(who) || who instanceof PersonalTokens.TokenAuthentication) {
            AuditedRequests.describe("password", target, "refused: only the admin, signed in with the password, changes it");
            return Problems.answer(HttpStatus.FORBIDDEN, "only the local admin, signed in with the password, can change it");
        }
        String problem = change == null ? "send {current, replacement}" : admin.changePassword(change.current(), change.replacement());
        AuditedRequests.describe("password", target, problem == null ? "ok" : "rejected: " + problem);
        return problem == null ? ResponseEntity.ok(Map.of("status", "changed"))
                : Problems.answer(HttpStatus.UNPROCESSABLE_CONTENT, problem);
    }

    private boolean isLocalAdmin(Authentication who) {
        return admin.username().equals(owner(who)) && !(who.getPrincipal() instanceof org.springframework.security.oauth2.core.user.OAuth2User);
    }

    /** The person behind the call: for a token, its owner. */
    private static String owner(Authentication who) {
        return who instanceof PersonalTokens.TokenAuthentication t ? t.owner() : who.getName();
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
