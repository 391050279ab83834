package org.fediflow.inbox;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

/** The verifier of each source: the built-in senders and the operator's own sources. */
@Component
class Verifiers {

    private final Map<String, SourceVerifier> bySource = new HashMap<>();

    Verifiers(List<SourceVerifier> builtIn, InboxProperties properties) {
        builtIn.forEach(v -> bySource.put(v.source(), v));
        properties.sources().forEach((name, config) -> {
            if (bySource.containsKey(name)) {
                throw new IllegalStateException("fediflow.sources." + name + ": '" + name + "' is a built-in source");
            }
            bySource.put(name, new GenericVerifier(name, config));
        });
    }

    Optional<SourceVerifier> forSource(String source) {
        return Optional.ofNullable(bySource.get(source));
    }
}
