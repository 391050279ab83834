package org.fediflow.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;

/**
 * Every connector bean has a descriptor in {@code connectors/} naming exactly its input record's components, with
 * {@code required} exactly where the record says @NotNull/@NotBlank/@NotEmpty. Scans the classpath instead of
 * starting Spring, so it stays fast; connectors are instantiated only to read their id and input type.
 */
class ConnectorDescriptorsTest {

    private static final Set<String> TYPES = Set.of("string", "text", "number", "boolean", "json", "template");
    private static final List<Class<? extends Annotation>> REQUIRED = List.of(NotNull.class, NotBlank.class,
            NotEmpty.class);

    @Test
    void everyConnectorBeanHasADescriptorMatchingItsInputRecord() throws Exception {
        Map<String, ConnectorDescriptor> descriptors = ConnectorCatalogConfiguration.loadDescriptors().stream()
                .collect(Collectors.toMap(ConnectorDescriptor::id, Function.identity()));
        List<Connector<?, ?>> connectors = connectorBeans();
        assertThat(connectors).hasSizeGreaterThanOrEqualTo(16);

        for (Connector<?, ?> connector : connectors) {
            ConnectorDescriptor descriptor = descriptors.get(connector.id());
            assertThat(descriptor).as("descriptor connectors/%s.json", connector.id()).isNotNull();
            Map<String, Boolean> expected = Arrays.stream(connector.inputType().getRecordComponents())
                    .collect(Collectors.toMap(RecordComponent::getName, ConnectorDescriptorsTest::required));
            Map<String, Boolean> declared = descriptor.inputs().stream()
                    .collect(Collectors.toMap(ConnectorDescriptor.Field::name, ConnectorDescriptor.Field::required));
            assertThat(declared).as("inputs of %s (name -> required)", connector.id()).isEqualTo(expected);
            descriptor.inputs().forEach(field -> assertThat(TYPES).as("type of %s.%s", connector.id(), field.name())
                    .contains(field.type()));
            descriptor.outputs().forEach(field -> assertThat(TYPES).as("type of output %s.%s", connector.id(),
                    field.name()).contains(field.type()));
        }
    }

    @Test
    void everyDescriptorBelongsToAConnector() throws Exception {
        Set<String> ids = connectorBeans().stream().map(Connector::id).collect(Collectors.toSet());
        assertThat(ConnectorCatalogConfiguration.loadDescriptors()).extracting(ConnectorDescriptor::id)
                .allSatisfy(id -> assertThat(ids).contains(id));
    }

    private static boolean required(RecordComponent component) {
        // Jakarta's constraints do not target record components; javac copies them to the accessor and the type.
        return REQUIRED.stream().anyMatch(a -> component.getAccessor().isAnnotationPresent(a)
                || component.getAnnotatedType().isAnnotationPresent(a));
    }

    /** Connector classes as Spring would find them, built with null collaborators (only id and type are read). */
    private static List<Connector<?, ?>> connectorBeans() throws Exception {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(true);
        scanner.addIncludeFilter(new AssignableTypeFilter(Connector.class));
        List<Connector<?, ?>> connectors = new java.util.ArrayList<>();
        for (BeanDefinition definition : scanner.findCandidateComponents("org.fediflow")) {
            Class<?> type = Class.forName(definition.getBeanClassName());
            if (!Connector.class.isAssignableFrom(type)) {
                continue;
            }
            var constructor = type.getDeclaredConstructors()[0];
            constructor.setAccessible(true);
            Object[] arguments = new Object[constructor.getParameterCount()];
            connectors.add((Connector<?, ?>) constructor.newInstance(arguments));
        }
        return connectors;
    }
}
