package org.fediflow.backup;

import org.fediflow.connector.Connector;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

/** {@code backup.restore-drill}: see {@code connectors/backup.restore-drill.json}. */
@Component
class RestoreDrillConnector implements Connector<RestoreDrillConnector.Input, RestoreDrillConnector.Output> {

    public record Input() {
    }

    /** @param passed true, false, or null when skipped */
    public record Output(Boolean passed, String folder, String text) {
    }

    private final RestoreDrill drill;

    RestoreDrillConnector(RestoreDrill drill) {
        this.drill = drill;
    }

    @Override
    public String id() {
        return "backup.restore-drill";
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        RestoreDrill.Report report = drill.run();
        return new Output(report.passed(), report.folder(), report.text());
    }
}
