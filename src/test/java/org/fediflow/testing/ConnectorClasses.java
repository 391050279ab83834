package org.fediflow.testing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorInfo;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.core.type.filter.AssignableTypeFilter;

/**
 * Every connector class Spring would find under {@code org.fediflow}, with its id and its input and output record
 * types, read from the class without starting Spring or making an instance: the id from its {@link ConnectorInfo}
 * (as {@link Connector#id()} reads it), the records from {@code Connector<I, O>}.
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

    private static List<Found> scan() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(true);
        scanner.addIncludeFilter(new AssignableTypeFilter(Connector.class));
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
            var info = MergedAnnotations.from(type, SearchStrategy.TYPE_HIERARCHY).get(ConnectorInfo.class);
            if (!info.isPresent()) {
                throw new IllegalStateException(type.getName() + " has no @ConnectorInfo naming its id");
            }
            ResolvableType generic = ResolvableType.forClass(type).as(Connector.class);
            found.add(new Found(info.getString("id"), type, record(type, generic.getGeneric(0).resolve(), "input"),
                    record(type, generic.getGeneric(1).resolve(), "output")));
        }
        found.sort(Comparator.comparing(Found::id));
        return List.copyOf(found);
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends Record> record(Class<?> connector, Class<?> type, String which) {
        if (type == null || !Record.class.isAssignableFrom(type)) {
            throw new IllegalStateException(connector.getName() + " must name its " + which + " record in Connector<I, O>");
        }
        return (Class<? extends Record>) type;
    }
}
