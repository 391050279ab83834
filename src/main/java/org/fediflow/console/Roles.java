package org.fediflow.console;

import org.fediflow.shared.Json;
import java.io.IOException;
import java.util.Collection;
import java.util.List;


import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.access.AccessDeniedHandler;

import tools.jackson.databind.json.JsonMapper;

/**
 * The console's two roles. An operator (the local admin, a Mastodon Owner or Admin) may do everything; a moderator
 * (a Mastodon Moderator) sees runs, deliveries, incidents and the audit trail and may retry, nothing else.
 */
final class Roles {

    static final String OPERATOR = "OPERATOR";
    static final String MODERATOR = "MODERATOR";
    /** Request attribute: why the role refused the call, for the answer and the audit trail. */
    static final String REFUSAL = Roles.class.getName() + ".refusal";

    private static final JsonMapper JSON = Json.MAPPER;

    private Roles() {
    }

    static List<GrantedAuthority> authorities(String role) {
        return List.of(new SimpleGrantedAuthority("ROLE_" + role.toUpperCase(java.util.Locale.ROOT)));
    }

    /** {@code operator}, {@code moderator} or null. */
    static String of(Authentication authentication) {
        return authentication == null ? null : of(authentication.getAuthorities());
    }

    static String of(Collection<? extends GrantedAuthority> authorities) {
        if (authorities.stream().anyMatch(a -> a.getAuthority().equals("ROLE_" + OPERATOR))) {
            return "operator";
        }
        if (authorities.stream().anyMatch(a -> a.getAuthority().equals("ROLE_" + MODERATOR))) {
            return "moderator";
        }
        return null;
    }

    /** A call the role does not allow: 403 with the reason as JSON, and the reason kept for the audit trail. */
    static AccessDeniedHandler refusedAsJson() {
        return (request, response, denied) -> {
            var authentication = org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication();
            String role = of(authentication);
            String reason = denied instanceof org.springframework.security.web.csrf.CsrfException
                    ? "the page's CSRF token is missing or stale: reload the page"
                    : role == null ? "not allowed" : role + "s may not do this ("
                    + AuditedRequests.action(request.getMethod(), request.getRequestURI()) + ")";
            request.setAttribute(REFUSAL, reason);
            response.setStatus(403);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            try {
                response.getWriter().write(JSON.writeValueAsString(Problems.problem(HttpStatus.FORBIDDEN, reason)));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }
}
