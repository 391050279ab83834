package org.fediflow;

import org.fediflow.shared.InvalidConfiguration;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

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
        KnownSettings known = KnownSettings.load();
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
}
