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

import org.fediflow.FediflowApplication;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;

/** Every connector class and its descriptor in {@code connectors/} say the same: ids, inputs, required marks, outputs. */
class ConnectorCatalogTest {

    static final Set<Class<? extends Annotation>> REQUIRED = Set.of(NotNull.class, NotBlank.class, NotEmpty.class);

    static List<Connector<?, ?>> allConnectors() throws Exception {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(Connector.class));
        List<Connector<?, ?>> connectors = new java.util.ArrayList<>();
        for (var candidate : scanner.findCandidateComponents(FediflowApplication.class.getPackageName())) {
            Class<?> type = Class.forName(candidate.getBeanClassName());
            connectors.add(connectorWithoutDependencies(type));
        }
        return connectors;
    }

    /** Connectors take their clients in the constructor; for reading id() and inputType() nulls will do. */
    private static Connector<?, ?> connectorWithoutDependencies(Class<?> type) throws Exception {
        var constructor = type.getDeclaredConstructors()[0];
        constructor.setAccessible(true);
        Object[] args = Arrays.stream(constructor.getParameterTypes()).map(p -> p.isPrimitive() ? defaultValue(p) : null).toArray();
        return (Connector<?, ?>) constructor.newInstance(args);
    }

    private static Object defaultValue(Class<?> primitive) {
        return primitive == boolean.class ? false : primitive == long.class ? 0L : primitive == double.class ? 0d : 0;
    }

    @Test
    void everyConnectorHasADescriptorWithTheSameInputs() throws Exception {
        Map<String, ConnectorDescriptor> descriptors = ConnectorCatalogConfiguration.loadDescriptors().stream()
                .collect(Collectors.toMap(ConnectorDescriptor::id, Function.identity()));
        List<Connector<?, ?>> connectors = allConnectors();
        assertThat(connectors).extracting(Connector::id).contains("core.log");
        for (Connector<?, ?> connector : connectors) {
            ConnectorDescriptor descriptor = descriptors.get(connector.id());
            assertThat(descriptor).as("descriptor connectors/%s.json", connector.id()).isNotNull();
            Map<String, Boolean> javaInputs = Arrays.stream(connector.inputType().getRecordComponents())
                    .collect(Collectors.toMap(RecordComponent::getName, ConnectorCatalogTest::isRequired));
            Map<String, Boolean> describedInputs = descriptor.inputs().stream()
                    .collect(Collectors.toMap(ConnectorDescriptor.Field::name, ConnectorDescriptor.Field::required));
            assertThat(describedInputs).as("inputs of %s (name -> required)", connector.id()).isEqualTo(javaInputs);
            for (ConnectorDescriptor.Field input : descriptor.inputs()) {
                assertThat(input.type()).as("type of %s.%s", connector.id(), input.name())
                        .isIn("string", "text", "number", "boolean", "json");
            }
        }
    }

    @Test
    void everyDescriptorBelongsToAConnector() throws Exception {
        Set<String> ids = allConnectors().stream().map(Connector::id).collect(Collectors.toSet());
        assertThat(ConnectorCatalogConfiguration.loadDescriptors()).extracting(ConnectorDescriptor::id)
                .allSatisfy(id -> assertThat(ids).contains(id));
    }

    private static boolean isRequired(RecordComponent component) {
        return Arrays.stream(component.getAnnotations()).anyMatch(a -> REQUIRED.contains(a.annotationType()))
                || Arrays.stream(component.getAccessor().getAnnotations()).anyMatch(a -> REQUIRED.contains(a.annotationType()));
    }
}
