package org.fediflow.connector;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every connector bean with its descriptor, looked up by id. */
public final class ConnectorRegistry {

    private final Map<String, Connector<?, ?>> connectors;
    private final Map<String, ConnectorDescriptor> descriptors;

    public ConnectorRegistry(Collection<? extends Connector<?, ?>> connectors, Collection<ConnectorDescriptor> descriptors) {
        this.connectors = connectors.stream().collect(Collectors.toUnmodifiableMap(Connector::id, Function.identity()));
        this.descriptors = descriptors.stream()
                .collect(Collectors.toUnmodifiableMap(ConnectorDescriptor::id, Function.identity()));
        List<String> withoutDescriptor = this.connectors.keySet().stream()
                .filter(id -> !this.descriptors.containsKey(id)).sorted().toList();
        if (!withoutDescriptor.isEmpty()) {
            throw new IllegalStateException("connectors without a descriptor in connectors/: " + withoutDescriptor);
        }
    }

    public Optional<Connector<?, ?>> connector(String id) {
        return Optional.ofNullable(connectors.get(id));
    }

    public Optional<ConnectorDescriptor> descriptor(String id) {
        return Optional.ofNullable(descriptors.get(id));
    }

    /** Descriptors of the connectors that are really available, sorted by id. */
    public List<ConnectorDescriptor> descriptors() {
        return connectors.keySet().stream().sorted().map(descriptors::get).toList();
    }
}
