package org.fediflow;

import org.fediflow.shared.Json;
import org.fediflow.shared.InvalidConfiguration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.commons.logging.Log;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Settings that cannot silently go wrong: before anything starts, every {@code fediflow.*} property and
 * {@code FEDIFLOW_*} environment variable must name a setting Fediflow has (as listed in the configuration metadata
 * the build generates from the {@code @ConfigurationProperties} records), and {@code spring.datasource.url} must be a
 * database Fediflow runs on. Otherwise the start stops with one line naming it and the closest known name. A setting an
 * earlier release had and this one no longer needs is accepted with one warning, so an upgrade never stops on it.
 */
class SettingsCheck implements EnvironmentPostProcessor, Ordered {

    /** Environment variables of Fediflow that are not settings. */
    static final Set<String> NOT_SETTINGS = Set.of("FEDIFLOW_CONFIG");

    /** Settings of earlier releases that are no longer used, and why; variables are derived from the names. */
    static final Map<String, String> RETIRED = Map.of(
            "fediflow.alerts.interval", "incident alerts follow the engine's events now, nothing polls");

    private final Log log;

    SettingsCheck(DeferredLogFactory logs) {
        this.log = logs.getLog(SettingsCheck.class);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Known known = Known.load();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable) || source.getName().startsWith("configurationProperties")) {
                continue;
            }
            boolean fromEnvironment = source instanceof SystemEnvironmentPropertySource;
            for (String name : enumerable.getPropertyNames()) {
                String retired = retired(name, fromEnvironment);
                if (retired != null) {
                    log.warn(name + " is no longer used (" + RETIRED.get(retired) + "); it can be removed");
                    continue;
                }
                if (fromEnvironment && name.startsWith("FEDIFLOW_") && !NOT_SETTINGS.contains(name) && !known.hasVariable(name)) {
                    String closest = known.closestVariable(name);
                    throw new InvalidConfiguration(name, "unknown setting; did you mean " + closest + " ("
                            + known.propertyOfVariable(closest) + ")?");
                }
                if (name.startsWith("fediflow.") && !known.hasProperty(name)) {
                    throw new InvalidConfiguration(name, "unknown setting; did you mean " + known.closestProperty(name) + "?");
                }
            }
        }
        checkDatabaseUrl(environment.getProperty("spring.datasource.url"));
    }

    private static String retired(String name, boolean fromEnvironment) {
        for (String property : RETIRED.keySet()) {
            String variable = property.toUpperCase(Locale.ROOT).replace('.', '_').replace("-", "");
            if (fromEnvironment ? name.equals(variable) : name.equals(property)) {
                return property;
            }
        }
        return null;
    }

    static void checkDatabaseUrl(String url) {
        if (url == null || url.startsWith("jdbc:postgresql:") || url.startsWith("jdbc:h2:")) {
            return;
        }
        String property = "spring.datasource.url";
        if (url.startsWith("jdbc:postgres:")) {
            throw new InvalidConfiguration(property, "'jdbc:postgres:' is not a JDBC URL; write jdbc:postgresql://HOST:5432/DATABASE");
        }
        if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
            throw new InvalidConfiguration(property, "a libpq URI is not a JDBC URL; write jdbc:postgresql://HOST:5432/DATABASE"
                    + " and give the user and password as spring.datasource.username and .password");
        }
        throw new InvalidConfiguration(property, "Fediflow runs on PostgreSQL (jdbc:postgresql://HOST:5432/DATABASE) or"
                + " H2 (jdbc:h2:file:./data/fediflow), not on '" + url.replaceAll("(?i)(password=)[^;&]*", "$1…") + "'");
    }

    /**
     * The settings the configuration metadata lists. A map-valued one ({@code fediflow.hosts.<name>.*}) accepts any key
     * below it, followed by one of its value record's settings (any key at all when the values are plain).
     */
    record Known(Set<String> properties, Map<String, Set<String>> maps) {

        static Known load() {
            Set<String> properties = new TreeSet<>();
            Map<String, Set<String>> maps = new TreeMap<>();
            JsonMapper json = Json.MAPPER;
            try {
                // Exact names: a wildcard finds nothing in a jar without directory entries (the image's extracted jar).
                PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
                List<Resource> resources = new ArrayList<>(List.of(resolver.getResources("classpath*:META-INF/spring-configuration-metadata.json")));
                resources.addAll(List.of(resolver.getResources("classpath*:META-INF/additional-spring-configuration-metadata.json")));
                for (Resource resource : resources) {
                    JsonNode metadata;
                    try (InputStream in = resource.getInputStream()) {
                        metadata = json.readTree(in);
                    }
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
            return new Known(properties, maps);
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
}
