package org.fediflow.upgrade;

import java.time.Clock;
import java.util.List;

import org.fediflow.connector.hosts.Command;
import org.fediflow.connector.hosts.CommandFailure;
import org.fediflow.connector.hosts.CommandResult;
import org.fediflow.connector.hosts.Commands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs a rollout's commands on hosts and writes each into the rollout's history; in a dry run it only records and
 * logs them. A command that cannot run (host key refused, no connection, timeout) is a failed step like a non-zero
 * exit: the rollout stops and asks, rather than retrying a half-done change on its own.
 */
@Component
class CommandLog {

    private static final Logger log = LoggerFactory.getLogger(CommandLog.class);
    private static final int KEPT = 2000;

    private final Commands commands;
    private final UpgradeProperties properties;
    private final Clock clock;

    CommandLog(Commands commands, UpgradeProperties properties, Clock clock) {
        this.commands = commands;
        this.properties = properties;
        this.clock = clock;
    }

    /** @return null when the command succeeded (or was only recorded), else what went wrong, in one line */
    String run(RolloutState.Builder state, Plan plan, String phase, String host, List<String> argv) {
        String at = clock.instant().toString();
        Command command = new Command(host, argv, properties.commandTimeout());
        if (plan.dryRun()) {
            log.info("DRY RUN upgrade {} on {}: {}", plan.version(), host, command.shellLine());
            state.commands.add(new RolloutState.Step(phase, host, argv, null, null, null, null, true, at, "dry run: not run"));
            return null;
        }
        try {
            CommandResult result = commands.run(command);
            log.info("Upgrade {} on {}: {} exited {} after {} ms", plan.version(), host, command.shellLine(),
                    result.exitStatus(), result.duration().toMillis());
            state.commands.add(new RolloutState.Step(phase, host, argv, result.exitStatus(), tail(result.stdoutTail()),
                    tail(result.stderrTail()), result.duration().toMillis(), false, at, null));
            if (result.succeeded()) {
                return null;
            }
            String stderr = result.stderrTail().strip();
            return argv.get(0) + " " + (argv.size() > 1 ? argv.get(1) + " " : "") + "exited " + result.exitStatus()
                    + (stderr.isEmpty() ? "" : ": " + lastLines(stderr));
        } catch (CommandFailure e) {
            log.warn("Upgrade {} on {}: {} could not run: {}", plan.version(), host, command.shellLine(), e.getMessage());
            state.commands.add(new RolloutState.Step(phase, host, argv, null, null, tail(e.stderrTail()), null, false, at,
                    e.getMessage()));
            return e.getMessage();
        }
    }

    private static String tail(String text) {
        return text == null || text.length() <= KEPT ? text : text.substring(text.length() - KEPT);
    }

    private static String lastLines(String text) {
        String[] lines = text.split("\n");
        String last = String.join(" / ", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 3), lines.length));
        return last.length() > 500 ? last.substring(last.length() - 500) : last;
    }
}
