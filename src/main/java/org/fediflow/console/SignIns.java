package org.fediflow.console;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.fediflow.audit.Audit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;

/**
 * Sign-ins, with the password or with Mastodon, go into the audit trail: who, how, with what role, or why they were
 * refused. Refusals of nobody in particular (a wrong password, a forged OAuth state) are recorded up to
 * {@value #REFUSALS_PER_MINUTE} a minute per node and only logged beyond, so nobody can flood the trail.
 */
final class SignIns {

    static final int REFUSALS_PER_MINUTE = 30;
    /** Session attribute: the refusal text the login page shows. */
    static final String REFUSAL = SignIns.class.getName() + ".refusal";
    private static final Logger log = LoggerFactory.getLogger(SignIns.class);

    private final Audit audit;
    private final PersonalTokens tokens;
    private final Clock clock;
    private final AtomicLong minute = new AtomicLong();
    private final AtomicInteger refusals = new AtomicInteger();

    SignIns(Audit audit, PersonalTokens tokens, Clock clock) {
        this.audit = audit;
        this.tokens = tokens;
        this.clock = clock;
    }

    AuthenticationSuccessHandler succeeded(String how) {
        var next = new SavedRequestAwareAuthenticationSuccessHandler();
        next.setDefaultTargetUrl("/");
        return (request, response, authentication) -> {
            audit.record(authentication.getName(), "sign-in", "console", "ok: " + how + ", " + Roles.of(authentication));
            tokens.roleChanged(authentication.getName(), Roles.of(authentication));
            next.onAuthenticationSuccess(request, response, authentication);
        };
    }

    AuthenticationFailureHandler passwordRefused(String adminName) {
        return (request, response, exception) -> {
            String typed = request.getParameter("username");
            refused(adminName.equals(typed) ? adminName : "unknown user", "password", "wrong user name or password");
            response.sendRedirect("/login?error");
        };
    }

    /** Sign-in with Mastodon refused: the role, a forged or stale state, Mastodon's own error. */
    AuthenticationFailureHandler mastodonRefused(String instance) {
        return (HttpServletRequest request, HttpServletResponse response, AuthenticationException exception) -> {
            String text;
            if (exception instanceof MastodonPeople.Refused refused) {
                text = exception.getMessage();
                int revoked = tokens.revokeAll(refused.who());
                audit.record(refused.who(), "sign-in", "console", "refused: " + text
                        + (revoked > 0 ? "; their " + revoked + " API token(s) revoked" : ""));
            } else {
                String code = exception instanceof OAuth2AuthenticationException o ? o.getError().getErrorCode() : "error";
                text = switch (code) {
                    case "authorization_request_not_found", "invalid_state_parameter" ->
                            "this sign-in was not started here (its state is unknown: forged, replayed or expired)";
                    case "access_denied" -> "it was cancelled on " + instance;
                    default -> instance + " answered: " + exception.getMessage();
                };
                refused("unknown person", "Mastodon", text);
            }
            request.getSession().setAttribute(REFUSAL, "Sign-in with " + instance + " refused: " + text + ".");
            request.getSession().removeAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
            response.sendRedirect("/login?refused");
        };
    }

    private void refused(String who, String how, String why) {
        long now = clock.instant().getEpochSecond() / 60;
        if (minute.getAndSet(now) != now) {
            refusals.set(0);
        }
        if (refusals.incrementAndGet() <= REFUSALS_PER_MINUTE) {
            audit.record(who, "sign-in", "console", "refused (" + how + "): " + why);
        } else {
            log.warn("sign-in refused ({}) for {}: {} (not in the audit trail: over {} a minute)", how, who, why,
                    REFUSALS_PER_MINUTE);
        }
    }
}
