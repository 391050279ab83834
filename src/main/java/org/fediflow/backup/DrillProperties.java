package org.fediflow.backup;

import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The restore drill ({@code fediflow.backup.drill.*}).
 *
 * @param schedule     ISO-8601 repeating interval or cron for restore-drill.bpmn
 * @param identityFile age identity file ({@code AGE-SECRET-KEY-1…}) able to decrypt the backups; none = drill skipped
 * @param postgresUrl  libpq URI of a maintenance database on the server where the scratch database is created
 *                     (the user needs CREATEDB); masked in {@link #toString()}
 * @param queries      sanity queries run on the restored database; each must answer {@code t} (true)
 */
@ConfigurationProperties("fediflow.backup.drill")
public record DrillProperties(@DefaultValue("R/P7D") String schedule, Path identityFile, String postgresUrl,
                              @DefaultValue("select count(*) > 0 from accounts") List<String> queries) {

    @Override
    public String toString() {
        return "DrillProperties[schedule=" + schedule + ", identityFile=" + identityFile + ", postgresUrl="
                + (postgresUrl == null ? "null" : "********") + ", queries=" + queries + "]";
    }
}
