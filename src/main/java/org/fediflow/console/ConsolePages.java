package org.fediflow.console;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
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

    @GetMapping(value = {"/", "/processes/{key}", "/runs", "/runs/{id}", "/editor/{key}", "/deliveries", "/backups", "/donations",
            "/upgrades"}, produces = MediaType.TEXT_HTML_VALUE)
    String page(HttpServletRequest request) {
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Fediflow console</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="csrf-header" content="%s"><meta name="csrf-token" content="%s">
                <link rel="stylesheet" href="/assets/app.css"></head>
                <body><div id="app"></div><script src="/assets/app.js"></script></body></html>
                """.formatted(HtmlUtils.htmlEscape(csrf.getHeaderName()), HtmlUtils.htmlEscape(csrf.getToken()));
    }

    @GetMapping(value = "/login", produces = MediaType.TEXT_HTML_VALUE)
    String login(HttpServletRequest request) {
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        String notice = request.getParameter("error") != null ? "<p class=\"error\" role=\"alert\">Wrong user name or password.</p>"
                : request.getParameter("logout") != null ? "<p class=\"notice\">Signed out.</p>" : "";
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Sign in · Fediflow</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <style>
                body{font:15px/1.4 system-ui,sans-serif;background:#f4f5f7;margin:0;display:flex;min-height:100vh;
                align-items:center;justify-content:center}
                form{background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002;width:20rem}
                h1{font-size:1.3rem;margin:0 0 1rem} label{display:block;margin:.6rem 0 .2rem}
                input{width:100%%;box-sizing:border-box;padding:.5rem;font:inherit}
                button{margin-top:1rem;width:100%%;padding:.6rem;background:#4457c4;color:#fff;border:0;border-radius:4px;font:inherit}
                .error{color:#b00020}.notice{color:#276738}
                </style></head>
                <body><form method="post" action="/login"><h1>Fediflow console</h1>%s
                <label for="username">User name</label><input id="username" name="username" autocomplete="username" required autofocus>
                <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
                <input type="hidden" name="%s" value="%s">
                <button type="submit" id="sign-in">Sign in</button></form></body></html>
                """.formatted(notice, HtmlUtils.htmlEscape(csrf.getParameterName()), HtmlUtils.htmlEscape(csrf.getToken()));
    }
}
