package org.fediflow.connector.hosts;

import org.fediflow.shared.Json;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.constraints.NotNull;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code hosts.run}: one argument list on an inventory host (or this machine), with its exit status and tails. */
@ConnectorInfo(id = "hosts.run", name = "Run a command on a host",
        description = "Runs an argument list on an inventory host (fediflow.hosts.<name>) over SSH, or "
        + "on the Fediflow machine when host is empty. Key authentication; only the host "
        + "key pinned in fediflow.hosts.<name>.host-key is accepted. Each argument is "
        + "single-quoted for the remote shell, so no text ever becomes shell syntax. Not "
        + "idempotent: a retried step runs the command again. A refused host key or login, "
        + "an unknown host and (unless allowFailure) a non-zero exit are incidents at "
        + "once; no connection or a timeout is retried.")
@Component
public class RunCommandConnector implements Connector<RunCommandConnector.Input, RunCommandConnector.Output> {

    private static final JsonMapper JSON = Json.MAPPER;

    /**
     * @param host         inventory host name; empty = the Fediflow machine
     * @param command      JSON array of strings (or JSON text of one): program and arguments
     * @param timeout      ISO-8601 duration, default {@code PT10M}
     * @param allowFailure true: a non-zero exit is returned; otherwise it is an incident
     */
    public record Input(
            @Doc("Inventory host name; empty = the Fediflow machine")
            String host,
            @Doc("Program and arguments as a JSON array of strings (or JSON text of one), e.g. "
                    + "[\"systemctl\", \"restart\", \"mastodon-web\"]")
            @NotNull JsonNode command,
            @Doc("ISO-8601 duration the command may run (default PT10M); stopped after that")
            String timeout,
            @Doc("True: a non-zero exit status is returned for the diagram to judge; by default "
                    + "it is an incident naming the status and stderr")
            Boolean allowFailure) {
    }

    public record Output(
            @Doc("The exit status; -1 when the program was ended by a signal")
            int exitStatus,
            @Doc(value = "The last 4 KiB of stdout", type = Doc.Type.TEXT)
            String stdoutTail,
            @Doc(value = "The last 4 KiB of stderr", type = Doc.Type.TEXT)
            String stderrTail,
            @Doc("Wall time including connecting")
            long durationMillis) {
    }

    private final Commands commands;

    public RunCommandConnector(Commands commands) {
        this.commands = commands;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        Command command;
        try {
            command = new Command(input.host(), argv(input.command()), timeout(input.timeout()));
        } catch (IllegalArgumentException e) {
            throw new ConnectorFailure.BadInput(e.getMessage(), e);
        }
        CommandResult result;
        try {
            result = commands.run(command);
        } catch (CommandFailure e) {
            String message = e.getMessage() + (e.stderrTail().isBlank() ? "" : "; stderr: " + e.stderrTail().strip());
            if (e.retryable()) {
                throw new ConnectorFailure.Temporary(message, e);
            }
            throw new ConnectorFailure.BadInput(message, e);
        }
        if (!result.succeeded() && !Boolean.TRUE.equals(input.allowFailure())) {
            throw new ConnectorFailure.BadInput(command.argv().get(0) + " on " + command.where() + " exited with "
                    + result.exitStatus() + (result.stderrTail().isBlank() ? "" : ": " + result.stderrTail().strip()));
        }
        return new Output(result.exitStatus(), result.stdoutTail(), result.stderrTail(), result.duration().toMillis());
    }

    private static List<String> argv(JsonNode command) {
        JsonNode node = command;
        if (node.isString()) {
            try {
                node = JSON.readTree(node.asString());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("command: not a JSON array of strings: " + e.getMessage());
            }
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("command: must be a JSON array of strings, e.g. [\"systemctl\", \"status\"]");
        }
        List<String> argv = new ArrayList<>();
        for (JsonNode arg : node) {
            if (!arg.isString() && !arg.isNumber()) {
                throw new IllegalArgumentException("command: every argument must be a string, not " + arg);
            }
            argv.add(arg.asString());
        }
        return argv;
    }

    private static Duration timeout(String text) {
        if (text == null || text.isBlank()) {
            return Duration.ofMinutes(10);
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("timeout: not an ISO-8601 duration (e.g. PT5M): " + text);
        }
    }
}
