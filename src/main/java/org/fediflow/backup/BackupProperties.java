package org.fediflow.backup;

import java.time.Duration;
import java.util.List;

import org.fediflow.shared.InvalidConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What is backed up, when, and for how long it is kept ({@code fediflow.backup.*}).
 *
 * @param schedule    ISO-8601 repeating interval ({@code R/PT6H}) or a cron expression, for the timer of backup.bpmn
 * @param retention   backup folders older than this are deleted (never the newest complete one)
 * @param recipients  age public keys ({@code age1…}) the dumps are encrypted to
 * @param dumpTimeout how long one dump may run
 * @param fediflowDatabase also dump Fediflow's own database (PostgreSQL) into {@code fediflow.dump.age}
 */
@ConfigurationProperties("fediflow.backup")
public record BackupProperties(@DefaultValue("R/PT6H") String schedule, @DefaultValue("P14D") Duration retention,
                               List<String> recipients, @DefaultValue Source postgres, @DefaultValue Source redis,
                               @DefaultValue Media media, @DefaultValue("PT6H") Duration dumpTimeout,
                               @DefaultValue("false") boolean fediflowDatabase) {

    /**
     * @param url  libpq URI ({@code postgresql://…}) or {@code redis://host:port}; masked in {@link #toString()}
     * @param host inventory host to run the dump on over SSH; empty = the Fediflow machine
     */
    public record Source(String url, String host) {
        public boolean configured() {
            return url != null && !url.isBlank();
        }

        @Override
        public String toString() {
            return "Source[url=" + (url == null ? "null" : "********") + ", host=" + host + "]";
        }
    }

    /** rclone {@code remote:path} pair. */
    public record Media(String source, String destination) {
        public boolean configured() {
            return source != null && !source.isBlank() && destination != null && !destination.isBlank();
        }
    }

    public BackupProperties {
        recipients = recipients == null ? List.of() : recipients.stream().map(String::trim).filter(r -> !r.isEmpty()).toList();
        for (String recipient : recipients) {
            if (!recipient.startsWith("age1")) {
                throw new InvalidConfiguration("fediflow.backup.recipients", "'" + recipient + "' is not an age public key (age1…)");
            }
            try {
                Age.writer(recipient);
            } catch (RuntimeException e) {
                throw new InvalidConfiguration("fediflow.backup.recipients", "'" + recipient + "' is not a valid age public key");
            }
        }
        if (retention != null && (retention.isNegative() || retention.isZero())) {
            throw new InvalidConfiguration("fediflow.backup.retention", "must be positive");
        }
        postgres = postgres == null ? new Source(null, null) : postgres;
        redis = redis == null ? new Source(null, null) : redis;
        media = media == null ? new Media(null, null) : media;
    }
}
