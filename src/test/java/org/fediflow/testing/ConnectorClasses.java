package org.fediflow.testing;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.fediflow.connector.Connector;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.ResolvableType;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.objenesis.ObjenesisStd;

/**
 * Every connector class Spring would find under {@code org.fediflow}, with its id and its input and output record
 * types, read without starting Spring: the class is instantiated with empty collaborators (or, when its constructor
 * needs them, without running it), so only {@code id()} and {@code inputType()} may be called on it.
 */
public final class ConnectorClasses {

    /** One connector class: its id, input record and output record. */
    public record Found(String id, Class<?> type, Class<? extends Record> input, Class<? extends Record> output) {
    }

    private static volatile List<Found> all;

    private ConnectorClasses() {
    }

    public static List<Found> all() {
        if (all == null) {
            all = scan();
        }
        return all;
    }

    public static Found byId(String id) {
        return all().stream().filter(f -> f.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no connector class with id " + id));
    }

    @SuppressWarnings("unchecked")
    private static List<Found> scan() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(true);
        scanner.addIncludeFilter(new AssignableTypeFilter(Connector.class));
        ObjenesisStd objenesis = new ObjenesisStd();
        List<Found> found = new ArrayList<>();
        for (BeanDefinition definition : scanner.findCandidateComponents("org.fediflow")) {
            Class<?> type;
            try {
                type = Class.forName(definition.getBeanClassName());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            if (!Connector.class.isAssignableFrom(type)) {
                continue;
            }
            Connector<?, ?> connector = instantiate(type, objenesis);
            ResolvableType generic = ResolvableType.forClass(type).as(Connector.class);
            Class<?> output = generic.getGeneric(1).resolve();
            if (output == null || !Record.class.isAssignableFrom(output)) {
                throw new IllegalStateException(type.getName() + " must name its output record in Connector<I, O>");
            }
            found.add(new Found(connector.id(), type, (Class<? extends Record>) connector.inputType(),
                    (Class<? extends Record>) output));
        }
        found.sort(Comparator.comparing(Found::id));
        return List.copyOf(found);
    }

    /**
     * Through its constructor with empty collaborators when that works (a connector may pass its id to a shared
     * superclass), else without running any constructor.
     */
    private static Connector<?, ?> instantiate(Class<?> type, ObjenesisStd objenesis) {
        try {
            Constructor<?> constructor = type.getDeclaredConstructors()[0];
            constructor.setAccessible(true);
            Object[] arguments = new Object[constructor.getParameterCount()];
            for (int i = 0; i < arguments.length; i++) {
                Class<?> parameter = constructor.getParameterTypes()[i];
                arguments[i] = parameter.isPrimitive() ? Array.get(Array.newInstance(parameter, 1), 0) : null;
            }
            return (Connector<?, ?>) constructor.newInstance(arguments);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return (Connector<?, ?>) objenesis.newInstance(type);
        }
    }
}
