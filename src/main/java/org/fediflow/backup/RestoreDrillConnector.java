package org.fediflow.backup;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

/** {@code backup.restore-drill}: see {@code connectors/backup.restore-drill.json}. */
@ConnectorInfo(id = "backup.restore-drill", name = "Restore drill",
        description = "Takes the newest backup folder with a manifest, downloads postgres.dump.age "
        + "checking its SHA-256 against the manifest while decrypting it with "
        + "fediflow.backup.drill.identity-file, pg_restores it into a scratch database "
        + "next to fediflow.backup.drill.postgres-url, runs fediflow.backup.drill.queries "
        + "(each must answer true), drops the scratch database and reports timings. "
        + "Skipped with a notice when no identity file or drill database is configured.")
@Component
class RestoreDrillConnector implements Connector<RestoreDrillConnector.Input, RestoreDrillConnector.Output> {

    public record Input() {
    }

    /** @param passed true, false, or null when skipped */
    public record Output(
            @Doc("true, false, or null when skipped")
            Boolean passed,
            @Doc("The folder drilled")
            String folder,
            @Doc(value = "The report for Slack", type = Doc.Type.TEXT)
            String text) {
    }

    private final RestoreDrill drill;

    RestoreDrillConnector(RestoreDrill drill) {
        this.drill = drill;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        RestoreDrill.Report report = drill.run();
        return new Output(report.passed(), report.folder(), report.text());
    }
}
