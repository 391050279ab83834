package org.fediflow.console;

import java.util.List;

import org.fediflow.shared.InvalidConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * @param trustedProxies addresses or CIDR ranges of the reverse proxies in front of Fediflow whose
 *                       {@code X-Forwarded-For}, {@code -Proto}, {@code -Host} and {@code -Port} headers are believed;
 *                       default none (every such header is ignored)
 */
@ConfigurationProperties("fediflow")
public record ProxyProperties(List<String> trustedProxies) {

    public ProxyProperties {
        trustedProxies = trustedProxies == null ? List.of()
                : trustedProxies.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String entry : trustedProxies) {
            if (!entry.matches("[0-9A-Fa-f:.]+(/\\d{1,3})?")) {
                throw new InvalidConfiguration("fediflow.trusted-proxies", "'" + entry + "' is not an address or CIDR range"
                        + " (e.g. 10.0.0.5, 172.16.0.0/12, ::1)");
            }
            try {
                new IpAddressMatcher(entry);
            } catch (IllegalArgumentException e) {
                throw new InvalidConfiguration("fediflow.trusted-proxies", "'" + entry + "' is not an address or CIDR range: "
                        + e.getMessage());
            }
        }
    }
}
