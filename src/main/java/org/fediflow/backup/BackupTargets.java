package org.fediflow.backup;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.fediflow.shared.InvalidConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * What a backup run dumps, said once at start, so an operator knows before the first run; and Fediflow's own
 * database as a libpq URI for {@code pg_dump} when {@code fediflow.backup.fediflow-database} is on.
 */
@Component
class BackupTargets {

    private static final Logger log = LoggerFactory.getLogger(BackupTargets.class);

    private final BackupProperties properties;
    private final BackupProperties.Source fediflow;

    BackupTargets(BackupProperties properties, Environment environment) {
        this.properties = properties;
        this.fediflow = properties.fediflowDatabase()
                ? new BackupProperties.Source(libpq(environment.getProperty("spring.datasource.url", ""),
                        environment.getProperty("spring.datasource.username"), environment.getProperty("spring.datasource.password")), null)
                : new BackupProperties.Source(null, null);
    }

    /** Fediflow's own database as a dump source (not configured when the setting is off). */
    BackupProperties.Source fediflow() {
        return fediflow;
    }

    /** One line per target a run will dump or sync; empty when there is nothing to back up. */
    List<String> describe() {
        List<String> targets = new ArrayList<>();
        if (properties.postgres().configured()) {
            targets.add("PostgreSQL " + where(properties.postgres().url()) + " (pg_dump " + on(properties.postgres().host()) + ")");
        }
        if (properties.redis().configured()) {
            targets.add("Redis " + where(properties.redis().url()) + " (redis-cli " + on(properties.redis().host()) + ")");
        }
        if (properties.media().configured()) {
            targets.add("media " + properties.media().source() + " -> " + properties.media().destination() + " (rclone sync)");
        }
        if (fediflow.configured()) {
            targets.add("Fediflow's own database " + where(fediflow.url()) + " (pg_dump on this machine)");
        }
        return targets;
    }

    @EventListener(ApplicationReadyEvent.class)
    void say() {
        List<String> targets = describe();
        if (targets.isEmpty()) {
            log.info("backups: nothing to back up is configured (fediflow.backup.postgres.url, .redis.url, .media.*, "
                    + ".fediflow-database); a backup run would stop at its first step");
        } else {
            log.info("backups will dump: {}", String.join("; ", targets));
        }
    }

    private static String on(String host) {
        return host == null || host.isBlank() ? "on this machine" : "on host " + host;
    }

    /** Host, port and database of a URI, without user and password. */
    private static String where(String uri) {
        try {
            java.net.URI parsed = java.net.URI.create(uri);
            return parsed.getHost() + (parsed.getPort() > 0 ? ":" + parsed.getPort() : "")
                    + (parsed.getPath() == null ? "" : parsed.getPath());
        } catch (IllegalArgumentException e) {
            return "(unreadable URL)";
        }
    }

    /** {@code jdbc:postgresql://host:port/db?…} with user and password as {@code postgresql://user:pw@host:port/db}. */
    static String libpq(String jdbcUrl, String user, String password) {
        if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new InvalidConfiguration("fediflow.backup.fediflow-database", "Fediflow's database is not PostgreSQL ("
                    + jdbcUrl.replaceAll("(?i)password=[^;&]*", "password=…") + "); to keep an H2 database, copy the data"
                    + " folder while Fediflow is stopped");
        }
        String rest = jdbcUrl.substring("jdbc:postgresql://".length());
        int query = rest.indexOf('?');
        String hostAndDb = query < 0 ? rest : rest.substring(0, query);
        String credentials = user == null || user.isBlank() ? ""
                : URLEncoder.encode(user, StandardCharsets.UTF_8).replace("+", "%20")
                  + (password == null || password.isEmpty() ? "" : ":" + URLEncoder.encode(password, StandardCharsets.UTF_8).replace("+", "%20"))
                  + "@";
        return "postgresql://" + credentials + hostAndDb;
    }
}
