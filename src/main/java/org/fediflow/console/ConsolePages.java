package org.fediflow.console;

import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import com.samskivert.mustache.Template;
import org.fediflow.shared.Templates;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The console's pages: one HTML shell for every route (the front end in {@code /assets/} draws the page from the
 * path), carrying the session's CSRF token; and the login page. Both are Mustache templates in {@code templates/}.
 */
@RestController
class ConsolePages {

    private static final Template CONSOLE = Templates.load("console");
    private static final Template LOGIN = Templates.load("login");

    private final SecurityConfiguration.MastodonSignIn mastodon;
    private final AdminAccount admin;

    ConsolePages(SecurityConfiguration.MastodonSignIn mastodon, AdminAccount admin) {
        this.mastodon = mastodon;
        this.admin = admin;
    }

    @GetMapping(value = {"/", "/processes/{key}", "/runs", "/runs/{id}", "/editor/{key}", "/deliveries", "/backups", "/donations",
            "/upgrades", "/audit", "/account"}, produces = MediaType.TEXT_HTML_VALUE)
    String page(HttpServletRequest request, Authentication who) {
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        Map<String, Object> page = new HashMap<>();
        page.put("csrfHeader", csrf.getHeaderName());
        page.put("csrfToken", csrf.getToken());
        page.put("person", who.getName());
        page.put("role", String.valueOf(Roles.of(who)));
        return CONSOLE.execute(page);
    }

    /**
     * The password form for the local admin (unless switched off), "Sign in with <instance>" when Mastodon is
     * configured, and a clear page when a Mastodon sign-in was refused (role, forged state, instance unreachable).
     */
    @GetMapping(value = "/login", produces = MediaType.TEXT_HTML_VALUE)
    String login(HttpServletRequest request) {
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        HttpSession session = request.getSession(false);
        Object refusal = session == null ? null : session.getAttribute(SignIns.REFUSAL);
        Map<String, Object> page = new HashMap<>();
        if (request.getParameter("refused") != null && refusal != null) {
            session.removeAttribute(SignIns.REFUSAL);
            page.put("refusal", refusal.toString());
            page.put("instance", mastodon.enabled() ? mastodon.apps().instanceName() : "Mastodon");
            return LOGIN.execute(page);
        }
        page.put("wrongPassword", request.getParameter("error") != null);
        page.put("signedOut", request.getParameter("error") == null && request.getParameter("logout") != null);
        page.put("mastodon", mastodon.enabled() ? mastodon.apps().instanceName() : null);
        page.put("passwordEnabled", admin.enabled());
        page.put("csrfParameter", csrf.getParameterName());
        page.put("csrfToken", csrf.getToken());
        return LOGIN.execute(page);
    }
}
