package org.fediflow;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.commons.text.similarity.LevenshteinDistance;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
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
 * database Fediflow runs on. Otherwise the start stops with one line naming it and the closest known name.
 */
class SettingsCheck implements EnvironmentPostProcessor, Ordered {

    /** Environment variables of Fediflow that are not settings. */
    static final Set<String> NOT_SETTINGS = Set.of("FEDIFLOW_CONFIG");

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

    /** The settings the configuration metadata lists; a map-valued one accepts any name below it. */
    record Known(Set<String> properties, Set<String> maps) {

        static Known load() {
            Set<String> properties = new TreeSet<>();
            Set<String> maps = new TreeSet<>();
            JsonMapper json = JsonMapper.builder().build();
            try {
                for (Resource resource : new PathMatchingResourcePatternResolver().getResources(
                        "classpath*:META-INF/*spring-configuration-metadata.json")) {
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
                                maps.add(name);
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the configuration metadata", e);
            }
            return new Known(properties, maps);
        }

        boolean hasProperty(String name) {
            String plain = name.replaceAll("\\[[^]]*]", "");
            return properties.contains(plain) || maps.stream().anyMatch(m -> plain.startsWith(m + "."));
        }

        /** {@code FEDIFLOW_SLACK_BOT_TOKEN} and {@code FEDIFLOW_SLACK_BOTTOKEN} both bind fediflow.slack.bot-token. */
        boolean hasVariable(String name) {
            String plain = squash(name);
            return properties.stream().anyMatch(p -> squash(p).equals(plain))
                    || maps.stream().anyMatch(m -> plain.startsWith(squash(m)) && name.length() > variable(m).length());
        }

        String closestProperty(String name) {
            return closest(name, properties);
        }

        String closestVariable(String name) {
            Set<String> variables = new TreeSet<>();
            properties.forEach(p -> variables.add(variable(p)));
            return closest(name, variables);
        }

        String propertyOfVariable(String variable) {
            return properties.stream().filter(p -> variable(p).equals(variable)).findFirst().orElse("?");
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
