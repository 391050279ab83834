package org.fediflow.inbox;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.fediflow.shared.InvalidConfiguration;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/** The verifier of each source: the built-in senders and the operator's own sources. */
@Component
class Verifiers {

    private final Map<String, SourceVerifier> bySource = new HashMap<>();

    Verifiers(List<SourceVerifier> builtIn, InboxProperties properties) {
        builtIn.forEach(v -> bySource.put(v.source(), v));
        properties.sources().forEach((name, config) -> {
            check(name, config);
            if (bySource.containsKey(name)) {
                throw new InvalidConfiguration("fediflow.sources." + name, "'" + name + "' is a built-in source; pick another name");
            }
            bySource.put(name, new GenericVerifier(name, config));
        });
    }

    private static void check(String name, InboxProperties.Source config) {
        String prefix = "fediflow.sources." + name;
        if (!name.matches("[a-z0-9][a-z0-9-]{0,40}")) {
            throw new InvalidConfiguration(prefix, "a source name is lower-case letters, digits and '-'");
        }
        switch (config.auth()) {
            case "hmac-sha256", "token" -> {
                if (config.secret() == null || config.secret().isBlank()) {
                    throw new InvalidConfiguration(prefix + ".secret", "required when auth is " + config.auth());
                }
                if (config.header() == null || config.header().isBlank()) {
                    throw new InvalidConfiguration(prefix + ".header", "required when auth is " + config.auth());
                }
            }
            case "none" -> {
                if (config.allowedIps().isEmpty()) {
                    throw new InvalidConfiguration(prefix + ".allowed-ips", "required when auth is none");
                }
                for (String ip : config.allowedIps()) {
                    try {
                        new IpAddressMatcher(ip);
                    } catch (IllegalArgumentException e) {
                        throw new InvalidConfiguration(prefix + ".allowed-ips", "'" + ip + "' is not an address or CIDR range");
                    }
                }
            }
            default -> throw new InvalidConfiguration(prefix + ".auth", "must be hmac-sha256, token or none, not '"
                    + config.auth() + "'");
        }
        for (String pointer : new String[] {config.eventPointer(), config.dedupePointer(), config.businessKeyPointer()}) {
            if (pointer != null && !pointer.isEmpty() && !pointer.startsWith("/")) {
                throw new InvalidConfiguration(prefix, "'" + pointer + "' is not a JSON pointer (it starts with /)");
            }
        }
    }

    List<String> sources() {
        // Slack reaches the inbox through /slack/events, not a verifier of its own, and names its messages slack.*
        return java.util.stream.Stream.concat(bySource.keySet().stream(), java.util.stream.Stream.of("slack"))
                .distinct().sorted().toList();
    }

    Optional<SourceVerifier> forSource(String source) {
        return Optional.ofNullable(bySource.get(source));
    }
}
