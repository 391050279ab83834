package org.fediflow.connector.credentials;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.fediflow.connector.ConnectorFailure;
import org.springframework.stereotype.Component;

/** The configured credentials by name, checked at start. */
@Component
public class Credentials {

    private final Map<String, Credential> byName;

    public Credentials(CredentialsProperties properties) {
        this.byName = properties.checked();
    }

    public Set<String> names() {
        return byName.keySet();
    }

    public Optional<Credential> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    /** The credential a step names; an unknown name is the step's bad input (an incident naming the setting). */
    public Credential named(String name) {
        return find(name).orElseThrow(() -> new ConnectorFailure.BadInput("no credential '" + name
                + "' is configured (fediflow.credentials." + name + ".*); configured: "
                + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet().stream().sorted().toList()))));
    }
}
