package org.fediflow.console;

import java.io.IOException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.fediflow.audit.Audit;
import org.fediflow.workflow.DeploymentOutcome;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every change through the operator API ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE} under
 * {@code /api/}) goes into the audit trail, including the ones the person's role refused, with who made it and
 * the answer. The action and target come from the path ({@code POST /api/runs/42/cancel} = {@code cancel} of
 * {@code run:42}); a controller names them more exactly with {@link #describe}. A call nobody could identify
 * (401) is not recorded: there is no one to name, and anyone could fill the trail with them.
 */
final class AuditedRequests extends OncePerRequestFilter {

    private static final String TARGET = AuditedRequests.class.getName() + ".target";
    private static final String RESULT = AuditedRequests.class.getName() + ".result";
    private static final String ACTION = AuditedRequests.class.getName() + ".action";
    /** POSTs that change nothing. */
    private static final Set<String> READS = Set.of("/api/diagrams/validate");
    private static final Set<String> VERBS = Set.of("restore", "start", "retry", "cancel", "replay", "enable", "disable");
    private static final Pattern KINDS = Pattern.compile(
            "/api/(definitions|processes|runs|instances|incidents|deliveries|tokens)/([^/]+)(?:/elements/([^/]+))?.*");

    private final Audit audit;

    AuditedRequests(Audit audit) {
        this.audit = audit;
    }

    /** Names the target and result of the current API call in the audit trail (a controller calls this). */
    static void describe(String target, String result) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null) {
            request.setAttribute(TARGET, target, RequestAttributes.SCOPE_REQUEST);
            request.setAttribute(RESULT, result, RequestAttributes.SCOPE_REQUEST);
        }
    }

    /** Also names the action, when the path does not say it well ({@code POST /api/tokens} = {@code token create}). */
    static void describe(String action, String target, String result) {
        describe(target, result);
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null) {
            request.setAttribute(ACTION, action, RequestAttributes.SCOPE_REQUEST);
        }
    }

    /** Names a deployment's target and result: {@code process:<key>} and the version, or the file and its problems. */
    static void deployment(DeploymentOutcome outcome, String verb) {
        if (outcome instanceof DeploymentOutcome.Deployed d) {
            describe("process:" + d.key(), d.changed() ? verb + " version " + d.version()
                    : "unchanged: version " + d.version() + " has the same content");
        } else if (outcome instanceof DeploymentOutcome.Rejected r) {
            describe("file:" + r.file(), "rejected: " + r.problems().size() + " problem(s)"
                    + (r.problems().isEmpty() ? "" : ", first: " + r.problems().get(0).message()));
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS") || method.equals("TRACE")
                || READS.contains(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        try {
            chain.doFilter(request, response);
        } finally {
            int status = response.getStatus();
            if (who != null && who.isAuthenticated() && status != HttpServletResponse.SC_UNAUTHORIZED) {
                String path = request.getRequestURI();
                Object action = request.getAttribute(ACTION);
                Object target = request.getAttribute(TARGET);
                Object result = request.getAttribute(RESULT);
                audit.record(who.getName(), action != null ? action.toString() : action(request.getMethod(), path),
                        target != null ? target.toString() : target(request, path),
                        result != null ? result.toString()
                                : status == HttpServletResponse.SC_FORBIDDEN ? refusal(request) : result(status));
            }
        }
    }

    static String action(String method, String path) {
        if (method.equals("DELETE")) {
            return "delete";
        }
        if (path.equals("/api/definitions") || path.equals("/api/processes")) {
            return "deploy";
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        return VERBS.contains(last) ? last : method.toLowerCase(java.util.Locale.ROOT) + " " + path;
    }

    static String target(HttpServletRequest request, String path) {
        if (path.equals("/api/definitions") || path.equals("/api/processes")) {
            String name = request.getParameter("name");
            return "file:" + (name == null ? "?" : name);
        }
        Matcher m = KINDS.matcher(path);
        if (!m.matches()) {
            return path;
        }
        String kind = switch (m.group(1)) {
            case "definitions", "processes" -> "process";
            case "runs", "instances" -> "run";
            case "incidents" -> "incident";
            case "deliveries" -> "delivery";
            default -> "token";
        };
        return kind + ":" + m.group(2) + (m.group(3) != null ? "/" + m.group(3) : "");
    }

    private static String refusal(HttpServletRequest request) {
        Object reason = request.getAttribute(Roles.REFUSAL);
        return "refused: " + (reason != null ? reason : "not allowed");
    }

    private static String result(int status) {
        if (status < 300) {
            return "ok";
        }
        if (status == 404) {
            return "not found";
        }
        return (status < 500 ? "rejected (" : "failed (") + status + ")";
    }
}
