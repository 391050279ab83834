package org.fediflow.backup;

import java.time.Duration;
import java.util.List;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

import tools.jackson.databind.node.ObjectNode;

/** {@code backup.summary}: see {@code connectors/backup.summary.json}. */
@ConnectorInfo(id = "backup.summary", name = "Summarize the backup",
        description = "The text of the ops summary: sizes, durations, media objects synced, retention, "
        + "next run.")
@Component
class SummaryConnector implements Connector<SummaryConnector.Input, SummaryConnector.Output> {

    public record Input(
            @Doc("The run's folder")
            @jakarta.validation.constraints.NotBlank String folder,
            @Doc("Folders deleted by retention")
            java.util.List<String> deleted) {}

    public record Output(
            @Doc(value = "Summary text", type = Doc.Type.TEXT)
            String text) {}

    private final BackupProperties properties;
    private final BackupRuns runs;
    private final BackupTargets targets;

    SummaryConnector(BackupProperties properties, BackupRuns runs, BackupTargets targets) {
        this.properties = properties;
        this.runs = runs;
        this.targets = targets;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        return new Output(summary(input.folder(), input.deleted() == null ? java.util.List.of() : input.deleted(), context));
    }

    private String summary(String folder, List<String> deleted, StepContext step) {
        ObjectNode done = runs.objects(step.runId());
        StringBuilder text = new StringBuilder("Backup complete: ").append(folder).append('\n');
        for (DumpKind kind : DumpKind.values()) {
            var dump = done.path(kind.label());
            if (kind == DumpKind.FEDIFLOW && (dump.isMissingNode() || kind.switchedOff(targets))) {
                continue; // only said when switched on
            }
            if (dump.path("skipped").asBoolean(true)) {
                text.append("• ").append(kind.label()).append(": skipped (").append(kind.skippedBecause()).append(")\n");
            } else {
                text.append("• ").append(kind.label()).append(": ").append(humanSize(dump.path("size").asLong())).append(" in ")
                        .append(Duration.ofMillis(dump.path("durationMillis").asLong()).toSeconds()).append(" s\n");
            }
        }
        var media = done.path("media");
        if (media.path("skipped").asBoolean(true)) {
            text.append("• media: skipped (fediflow.backup.media.source/destination not set)\n");
        } else {
            text.append("• media: ").append(media.path("transfers").asLong()).append(" objects copied (")
                    .append(humanSize(media.path("bytes").asLong())).append("), ").append(media.path("checks").asLong())
                    .append(" checked, in ").append(Duration.ofMillis(media.path("durationMillis").asLong()).toSeconds()).append(" s\n");
        }
        text.append("• retention: ").append(deleted.isEmpty() ? "nothing to delete" : "deleted " + String.join(", ", deleted)).append('\n');
        text.append("Next run: ").append(properties.schedule());
        return text.toString();
    }

    static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
