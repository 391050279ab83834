package org.fediflow.connector.core;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Writes one line to Fediflow's log: the simplest step, for trying a diagram out. */
@ConnectorInfo(id = "core.log", name = "Write to the log",
        description = "Writes one line to Fediflow's log, prefixed with the run and the step.")
@Component
public class LogConnector implements Connector<LogConnector.Input, LogConnector.Output> {

    private static final Logger log = LoggerFactory.getLogger("fediflow.diagram");

    public record Input(
            @Doc("The line to write")
            @NotBlank String message,
            @Doc("info (default), warn or error")
            @Pattern(regexp = "info|warn|error") String level) {
    }

    public record Output(
            @Doc("The line as written")
            String logged) {
    }

    @Override
    public Output execute(Input input, StepContext context) {
        String line = "[" + context.runId() + "/" + context.stepId() + "] " + input.message();
        switch (input.level() == null ? "info" : input.level()) {
            case "warn" -> log.warn(line);
            case "error" -> log.error(line);
            default -> log.info(line);
        }
        return new Output(input.message());
    }
}
