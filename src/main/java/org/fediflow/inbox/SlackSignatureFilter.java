package org.fediflow.inbox;

import java.io.ByteArrayInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of Bolt on {@code /slack/events}: reads the body once (bounded), checks Slack's signature and
 * time window on the raw bytes, and hands Bolt a request that replays the same bytes.
 */
final class SlackSignatureFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(SlackSignatureFilter.class);

    private final SlackRequestVerifier verifier;
    private final long maxBody;

    SlackSignatureFilter(SlackRequestVerifier verifier, long maxBody) {
        this.verifier = verifier;
        this.maxBody = maxBody;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!"POST".equals(request.getMethod())) {
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        if (!verifier.configured()) {
            reject(response, 503, "fediflow.slack.signing-secret is not set");
            return;
        }
        if (request.getContentLengthLong() > maxBody) {
            reject(response, 413, "body too large");
            return;
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) maxBody + 1);
        }
        if (body.length > maxBody) {
            reject(response, 413, "body too large");
            return;
        }
        String problem = verifier.problem(request.getHeader("X-Slack-Request-Timestamp"),
                request.getHeader("X-Slack-Signature"), body);
        if (problem != null) {
            log.info("slack request refused with 401: {}", problem);
            reject(response, 401, problem);
            return;
        }
        chain.doFilter(new ReplayedBody(request, body), response);
    }

    private static void reject(HttpServletResponse response, int status, String reason) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"" + reason.replace("\"", "'") + "\"}");
    }

    /** The request as it came, its body readable again from the bytes already read. */
    private static final class ReplayedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        ReplayedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
