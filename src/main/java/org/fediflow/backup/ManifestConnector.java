package org.fediflow.backup;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

/** {@code backup.manifest}: see {@code connectors/backup.manifest.json}. */
@ConnectorInfo(name = "Write the manifest",
        description = "Writes manifest.json (object names, sizes, SHA-256, tool versions, start and "
        + "end) into the folder; only then is the run complete.")
@Component
class ManifestConnector implements Connector<ManifestConnector.Input, ManifestConnector.Output> {

    public record Input(
            @Doc("The run's folder")
            @jakarta.validation.constraints.NotBlank String folder,
            @Doc("Start time")
            String startedAt) {}

    public record Output(
            @Doc("Key of manifest.json")
            String object,
            @Doc("The manifest")
            tools.jackson.databind.JsonNode manifest) {}

    private final BackupSteps steps;

    ManifestConnector(BackupSteps steps) {
        this.steps = steps;
    }

    @Override
    public String id() {
        return "backup.manifest";
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        var manifest = steps.manifest(input.folder(), input.startedAt(), context);
        return new Output(input.folder() + "/manifest.json", manifest);
    }
}
