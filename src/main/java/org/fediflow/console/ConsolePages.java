package org.fediflow.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The console's pages: one HTML shell for every route (the front end in {@code /assets/} draws the page from the
 * path), carrying the session's CSRF token; and the login page.
 */
@RestController
class ConsolePages {

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
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Fediflow console</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="csrf-header" content="%s"><meta name="csrf-token" content="%s">
                <meta name="fediflow-person" content="%s"><meta name="fediflow-role" content="%s">
                <link rel="stylesheet" href="/assets/app.css"></head>
                <body><div id="app"></div><script src="/assets/app.js"></script></body></html>
                """.formatted(HtmlUtils.htmlEscape(csrf.getHeaderName()), HtmlUtils.htmlEscape(csrf.getToken()),
                HtmlUtils.htmlEscape(who.getName()), HtmlUtils.htmlEscape(String.valueOf(Roles.of(who))));
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
        if (request.getParameter("refused") != null && refusal != null) {
            session.removeAttribute(SignIns.REFUSAL);
            return page("No access · Fediflow", "<h1>No access</h1><p class=\"error\" role=\"alert\" id=\"refusal\">"
                    + HtmlUtils.htmlEscape(refusal.toString()) + "</p><p>Fediflow's console is for the people who run this"
                    + " server: accounts with the Owner or Admin role (operators) or the Moderator role (moderators) on "
                    + HtmlUtils.htmlEscape(mastodon.enabled() ? mastodon.apps().instanceName() : "Mastodon")
                    + ". Ask an admin there if you should have one.</p><p><a href=\"/login\">Back to sign-in</a></p>");
        }
        String notice = request.getParameter("error") != null ? "<p class=\"error\" role=\"alert\">Wrong user name or password.</p>"
                : request.getParameter("logout") != null ? "<p class=\"notice\">Signed out.</p>" : "";
        String withMastodon = !mastodon.enabled() ? "" : """
                <a class="button" id="sign-in-mastodon" href="/oauth2/authorization/mastodon">Sign in with %s</a>
                """.formatted(HtmlUtils.htmlEscape(mastodon.apps().instanceName()));
        String password = !admin.enabled() ? "<p class=\"notice\">The local admin sign-in is switched off.</p>" : """
                %s
                <label for="username">User name</label><input id="username" name="username" autocomplete="username" required%s>
                <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
                <input type="hidden" name="%s" value="%s">
                <button type="submit" id="sign-in">Sign in</button>
                """.formatted(mastodon.enabled() ? "<p class=\"or\">or with the local admin account</p>" : "",
                mastodon.enabled() ? "" : " autofocus",
                HtmlUtils.htmlEscape(csrf.getParameterName()), HtmlUtils.htmlEscape(csrf.getToken()));
        return page("Sign in · Fediflow", "<form method=\"post\" action=\"/login\"><h1>Fediflow console</h1>" + notice
                + withMastodon + password + "</form>");
    }

    private static String page(String title, String body) {
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>%s</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <style>
                body{font:15px/1.4 system-ui,sans-serif;background:#f4f5f7;margin:0;display:flex;min-height:100vh;
                align-items:center;justify-content:center}
                form,main{background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002;width:20rem}
                main{width:28rem}
                h1{font-size:1.3rem;margin:0 0 1rem} label{display:block;margin:.6rem 0 .2rem}
                input{width:100%%;box-sizing:border-box;padding:.5rem;font:inherit}
                button,a.button{display:block;box-sizing:border-box;text-align:center;text-decoration:none;margin-top:1rem;
                width:100%%;padding:.6rem;background:#4457c4;color:#fff;border:0;border-radius:4px;font:inherit}
                a.button{background:#563acc}
                .or{margin:1.4rem 0 0;color:#555;font-size:.9rem;text-align:center}
                .error{color:#b00020}.notice{color:#276738}
                </style></head>
                <body>%s</body></html>
                """.formatted(title, body.startsWith("<form") ? body : "<main>" + body + "</main>");
    }
}
