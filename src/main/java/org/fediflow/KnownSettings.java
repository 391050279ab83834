package org.fediflow;

import org.fediflow.shared.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.commons.text.similarity.LevenshteinDistance;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The settings the configuration metadata lists. A map-valued one ({@code fediflow.hosts.<name>.*}) accepts any key
 * below it, followed by one of its value record's settings (any key at all when the values are plain).
 */
record KnownSettings(Set<String> properties, Map<String, Set<String>> maps) {

    static KnownSettings load() {
        Set<String> properties = new TreeSet<>();
        Map<String, Set<String>> maps = new TreeMap<>();
        JsonMapper json = Json.MAPPER;
        try {
            // Exact names: a wildcard finds nothing in a jar without directory entries (the image's extracted jar).
            PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
            List<Resource> resources = new ArrayList<>(List.of(resolver.getResources("classpath*:META-INF/spring-configuration-metadata.json")));
            resources.addAll(List.of(resolver.getResources("classpath*:META-INF/additional-spring-configuration-metadata.json")));
            for (Resource resource : resources) {
                byte[] bytes;
                try (InputStream in = resource.getInputStream()) {
                    bytes = in.readAllBytes();
                }
                // Every library's metadata is found too (about 1 MB of JSON in all); only Fediflow's names ours.
                if (!new String(bytes, StandardCharsets.ISO_8859_1).contains("\"fediflow.")) {
                    continue;
                }
                JsonNode metadata = json.readTree(bytes);
                for (JsonNode property : metadata.path("properties")) {
                    String name = property.path("name").asString("");
                    if (name.startsWith("fediflow.")) {
                        properties.add(name);
                        String type = property.path("type").asString("");
                        if (type.startsWith("java.util.Map")) {
                            maps.put(name, fields(type.substring(type.lastIndexOf(',') + 1, type.length() - 1)));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the configuration metadata", e);
        }
        if (properties.isEmpty()) {
            throw new IllegalStateException("META-INF/spring-configuration-metadata.json is missing from the build;"
                    + " Fediflow cannot check its settings without it");
        }
        return new KnownSettings(properties, maps);
    }

    /** The settings of a map's value record in kebab case; null when the values are plain (any key will do). */
    private static Set<String> fields(String type) {
        String name = type.trim();
        while (true) {
            try {
                Class<?> value = Class.forName(name, false, SettingsCheck.class.getClassLoader());
                if (!value.isRecord()) {
                    return null;
                }
                Set<String> fields = new TreeSet<>();
                for (var component : value.getRecordComponents()) {
                    fields.add(component.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT));
                }
                return fields;
            } catch (ClassNotFoundException e) {
                int dot = name.lastIndexOf('.');
                if (dot < 0) {
                    return null;
                }
                name = name.substring(0, dot) + "$" + name.substring(dot + 1); // a nested class
            }
        }
    }

    boolean hasProperty(String name) {
        String plain = name.replaceAll("\\[[^]]*]", "");
        if (properties.contains(plain)) {
            return true;
        }
        for (var map : maps.entrySet()) {
            if (plain.startsWith(map.getKey() + ".")) {
                String[] rest = plain.substring(map.getKey().length() + 1).split("\\.");
                return map.getValue() == null || rest.length >= 2 && map.getValue().contains(rest[rest.length - 1]);
            }
        }
        return false;
    }

    /** {@code FEDIFLOW_SLACK_BOT_TOKEN} and {@code FEDIFLOW_SLACK_BOTTOKEN} both bind fediflow.slack.bot-token. */
    boolean hasVariable(String name) {
        String plain = squash(name);
        if (properties.stream().anyMatch(p -> squash(p).equals(plain))) {
            return true;
        }
        for (var map : maps.entrySet()) {
            if (name.startsWith(variable(map.getKey()) + "_")) {
                String rest = plain.substring(squash(map.getKey()).length());
                return map.getValue() == null || map.getValue().stream()
                        .anyMatch(f -> rest.endsWith(squash(f)) && rest.length() > squash(f).length());
            }
        }
        return false;
    }

    String closestProperty(String name) {
        for (var map : maps.entrySet()) {
            if (name.startsWith(map.getKey() + ".") && map.getValue() != null) {
                String[] rest = name.substring(map.getKey().length() + 1).split("\\.");
                return map.getKey() + "." + rest[0] + "." + closest(rest[rest.length - 1], map.getValue());
            }
        }
        return closest(name, properties);
    }

    String closestVariable(String name) {
        for (var map : maps.entrySet()) {
            String prefix = variable(map.getKey()) + "_";
            if (name.startsWith(prefix) && map.getValue() != null) {
                String rest = name.substring(prefix.length());
                String key = rest.contains("_") ? rest.substring(0, rest.indexOf('_')) : rest;
                String field = rest.contains("_") ? rest.substring(rest.indexOf('_') + 1) : "";
                Set<String> fields = new TreeSet<>();
                map.getValue().forEach(f -> fields.add(variable(f)));
                return prefix + key + "_" + closest(field, fields);
            }
        }
        Set<String> variables = new TreeSet<>();
        properties.forEach(p -> variables.add(variable(p)));
        return closest(name, variables);
    }

    String propertyOfVariable(String variable) {
        return properties.stream().filter(p -> variable(p).equals(variable)).findFirst()
                .orElseGet(() -> maps.keySet().stream().filter(m -> variable.startsWith(variable(m) + "_")).findFirst()
                        .map(m -> m + ".…").orElse("?"));
    }

    private static String closest(String name, Set<String> candidates) {
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        Map<String, Integer> scored = new TreeMap<>();
        candidates.forEach(c -> scored.put(c, distance.apply(name, c)));
        return scored.entrySet().stream().min(Map.Entry.comparingByValue(Comparator.naturalOrder()))
                .map(Map.Entry::getKey).orElse("(none)");
    }

    static String variable(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static String squash(String name) {
        return name.toLowerCase(Locale.ROOT).replace(".", "").replace("-", "").replace("_", "");
    }
}
