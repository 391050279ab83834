package org.fediflow.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.fediflow.testing.FlowTestSupport;
import org.junit.jupiter.api.Test;

/**
 * Behind a TLS-terminating proxy: forwarded headers from a trusted proxy (127.0.0.1 here) give https redirects, a
 * Secure session cookie and the client's address; the same headers from another peer (127.0.0.2) are ignored. The
 * proxies and the {@code proxied} source (allowed from 203.0.113.7 only) are set in the shared setup.
 */
class TrustedProxiesTest extends FlowTestSupport {

    static final String TRUSTED = "127.0.0.1";
    static final String UNTRUSTED = "127.0.0.2";
    static final String FORWARDED = "X-Forwarded-Proto: https\r\nX-Forwarded-Host: fediflow.example.org\r\n"
            + "X-Forwarded-Port: 443\r\nX-Forwarded-For: 203.0.113.7, 10.1.2.3\r\n";

    /** A request from a chosen local address (the proxy's), as a proxy sends it. */
    String request(String from, String method, String path, String headers, String body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 5000);
            socket.setSoTimeout(20000);
            OutputStream out = socket.getOutputStream();
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n" + headers
                    + "Content-Type: application/json\r\nContent-Length: " + content.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return answer.substring(0, answer.indexOf("\r\n\r\n"));
        }
    }

    @Test
    void aTrustedProxysHttpsGivesHttpsRedirectsAndSecureCookies() throws IOException {
        String redirect = request(TRUSTED, "GET", "/runs", FORWARDED, "");
        assertThat(redirect).startsWith("HTTP/1.1 302").containsIgnoringCase("Location: https://fediflow.example.org/login");
        String login = request(TRUSTED, "GET", "/login", FORWARDED, "");
        assertThat(login).startsWith("HTTP/1.1 200").containsPattern("(?i)Set-Cookie: JSESSIONID=[^\r\n]*; Secure");
    }

    @Test
    void theSameHeadersFromAnUntrustedPeerAreNotBelieved() throws IOException {
        String redirect = request(UNTRUSTED, "GET", "/runs", FORWARDED, "");
        assertThat(redirect).startsWith("HTTP/1.1 302").containsIgnoringCase("Location: http://127.0.0.1:" + port + "/login");
        String login = request(UNTRUSTED, "GET", "/login", FORWARDED, "");
        assertThat(login).startsWith("HTTP/1.1 200").containsPattern("(?i)Set-Cookie: JSESSIONID=").doesNotContainPattern("(?i); Secure");
    }

    @Test
    void allowedIpsSeeTheClientBehindATrustedProxyOnly() throws IOException {
        assertThat(request(TRUSTED, "POST", "/webhooks/proxied", FORWARDED, "{\"up\":true}")).startsWith("HTTP/1.1 200");
        assertThat(request(UNTRUSTED, "POST", "/webhooks/proxied", FORWARDED, "{\"up\":true}")).startsWith("HTTP/1.1 401");
        assertThat(request(TRUSTED, "POST", "/webhooks/proxied", "X-Forwarded-For: 198.51.100.9\r\n", "{\"up\":true}"))
                .as("a trusted proxy forwarding another client").startsWith("HTTP/1.1 401");
    }
}
