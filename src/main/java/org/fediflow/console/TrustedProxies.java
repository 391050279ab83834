package org.fediflow.console;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.servlet.ServletException;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.RemoteIpValve;
import org.apache.catalina.valves.ValveBase;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * Behind a TLS-terminating proxy: a request whose peer is one of {@code fediflow.trusted-proxies} is taken as the
 * proxy says (client address from {@code X-Forwarded-For}, read right to left past trusted proxies; https from
 * {@code X-Forwarded-Proto}; host and port), so redirects go to https, the session cookie is {@code Secure},
 * {@code allowed-ips} and logs see the client. From any other peer those headers are ignored. Tomcat's own
 * RemoteIpValve does the work, at the engine, so the session cookie follows; it knows regular expressions only,
 * so the addresses of this request that fall in a trusted range are handed to it as one.
 */
@Configuration(proxyBeanMethods = false)
class TrustedProxies {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> trustedProxiesValve(ProxyProperties properties) {
        List<IpAddressMatcher> trusted = properties.trustedProxies().stream().map(IpAddressMatcher::new).toList();
        return factory -> {
            if (!trusted.isEmpty()) {
                factory.addEngineValves(new Valve(trusted));
            }
        };
    }

    static final class Valve extends ValveBase {
        private final List<IpAddressMatcher> trusted;

        Valve(List<IpAddressMatcher> trusted) {
            super(true);
            this.trusted = trusted;
        }

        private boolean isTrusted(String address) {
            try {
                return trusted.stream().anyMatch(m -> m.matches(address));
            } catch (IllegalArgumentException e) {
                return false; // not an address (a host name in the header): never a trusted proxy
            }
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            String peer = request.getRemoteAddr();
            if (!isTrusted(peer)) {
                getNext().invoke(request, response);
                return;
            }
            Set<String> proxies = new LinkedHashSet<>();
            proxies.add(peer);
            for (String header : Collections.list(request.getHeaders("X-Forwarded-For"))) {
                for (String hop : header.split(",")) {
                    if (isTrusted(hop.trim())) {
                        proxies.add(hop.trim());
                    }
                }
            }
            List<String> quoted = new ArrayList<>();
            proxies.forEach(p -> quoted.add(Pattern.quote(p)));
            RemoteIpValve remoteIp = new RemoteIpValve();
            remoteIp.setInternalProxies(String.join("|", quoted));
            remoteIp.setTrustedProxies(null);
            remoteIp.setRemoteIpHeader("X-Forwarded-For");
            remoteIp.setProtocolHeader("X-Forwarded-Proto");
            remoteIp.setHostHeader("X-Forwarded-Host");
            remoteIp.setPortHeader("X-Forwarded-Port");
            remoteIp.setNext(getNext());
            remoteIp.invoke(request, response);
        }
    }
}
