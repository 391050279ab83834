package org.fediflow.backup;

import java.util.Arrays;
import java.util.List;

import org.fediflow.connector.ConnectorFailure;

/** What {@code backup.dump} can dump, by the {@code kind} the diagram names; in the order of the manifest. */
enum DumpKind {
    POSTGRES("postgres"),
    REDIS("redis"),
    /** Fediflow's own database. */
    FEDIFLOW("fediflow");

    private final String label;

    DumpKind(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    static DumpKind named(String name) {
        return Arrays.stream(values()).filter(k -> k.label.equals(name)).findFirst()
                .orElseThrow(() -> new ConnectorFailure.BadInput("kind: '" + name + "' is not one of postgres, redis, fediflow"));
    }

    private boolean pgDump() {
        return this != REDIS;
    }

    /** The object's name in the run's folder. */
    String objectName() {
        return pgDump() ? label + ".dump.age" : "redis.rdb.age";
    }

    /** The program that dumps it (its version goes into the manifest). */
    String program() {
        return pgDump() ? "pg_dump" : "redis-cli";
    }

    /** The command that writes the dump to stdout. */
    List<String> argv(String url) {
        return pgDump()
                ? List.of("pg_dump", "--format=custom", "--no-password", "--dbname=" + url)
                : List.of("redis-cli", "-u", url, "--no-auth-warning", "--rdb", "-");
    }

    /** Where it comes from: {@code fediflow.backup.<kind>}, or Fediflow's own database. */
    BackupProperties.Source source(BackupProperties properties, BackupTargets targets) {
        return switch (this) {
            case POSTGRES -> properties.postgres();
            case REDIS -> properties.redis();
            case FEDIFLOW -> targets.fediflow();
        };
    }

    /** Fediflow's own database is only dumped (and only reported) when switched on. */
    boolean switchedOff(BackupTargets targets) {
        return this == FEDIFLOW && !targets.fediflow().configured();
    }

    /** Why a skipped dump was skipped, as the summary says it. */
    String skippedBecause() {
        return this == FEDIFLOW ? "fediflow.backup.fediflow-database is off" : "no fediflow.backup." + label + ".url";
    }
}
