package org.fediflow.connector;

import org.fediflow.shared.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Builds the registry from every connector bean and the descriptors packaged from {@code connectors/}. */
@Configuration(proxyBeanMethods = false)
class ConnectorCatalogConfiguration {

    static final String DESCRIPTOR_PATTERN = "classpath*:connectors/*.json";

    @Bean
    ConnectorRegistry connectorRegistry(ObjectProvider<Connector<?, ?>> connectors) {
        return new ConnectorRegistry(connectors.orderedStream().toList(), loadDescriptors());
    }

    static List<ConnectorDescriptor> loadDescriptors() {
        JsonMapper mapper = Json.MAPPER.rebuild().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        List<ConnectorDescriptor> descriptors = new ArrayList<>();
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources(DESCRIPTOR_PATTERN)) {
                try (InputStream in = resource.getInputStream()) {
                    ConnectorDescriptor descriptor = mapper.readValue(in, ConnectorDescriptor.class);
                    String expected = descriptor.id() + ".json";
                    if (!expected.equals(resource.getFilename())) {
                        throw new IllegalStateException("connector descriptor " + resource.getFilename()
                                + " declares id " + descriptor.id() + "; the file must be named " + expected);
                    }
                    descriptors.add(descriptor);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the connector catalog", e);
        }
        return descriptors;
    }
}
