package org.fediflow.backup;

import org.fediflow.connector.Connector;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

/** {@code backup.manifest}: see {@code connectors/backup.manifest.json}. */
@Component
class ManifestConnector implements Connector<ManifestConnector.Input, ManifestConnector.Output> {

    public record Input(@jakarta.validation.constraints.NotBlank String folder, String startedAt) {}

    public record Output(String object, tools.jackson.databind.JsonNode manifest) {}

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
