package org.fediflow.upgrade;

import java.util.ArrayList;
import java.util.List;

import org.fediflow.connector.Doc;

import tools.jackson.databind.JsonNode;

/**
 * Where a rollout stands (variable {@code rollout}), rewritten by every host step: the history of every command
 * (host, arguments, exit status, output tails), the hosts already switched to the new version, and the last failure.
 *
 * @param ok           false after a step failed; the diagram then asks in Slack
 * @param startedAt    when the first host step began (ISO-8601)
 * @param failed       the failed step, or null
 * @param done         {@code <phase>:<host>} of every finished step, so a retried phase skips them
 * @param checkedOut   native hosts whose checkout is on the new tag
 * @param switched     hosts restarted on the new version
 * @param postMigrated true once a post-deployment migration has been attempted: no way back after that
 * @param health       the health wait in progress, or null
 * @param commands     every command, run or (dry run) only recorded
 * @param question     the Slack question after a failure (text and buttons), or null
 * @param summary      the closing Slack text (after verify or roll back), or null
 */
record RolloutState(
        @Doc("False when the step failed (for a health check: the host did not become healthy in time)")
        boolean ok,
        @Doc("When the first step began")
        String startedAt,
        @Doc("{phase, host, message} of the failed step")
        Failure failed,
        @Doc("Finished phase:host pairs")
        List<String> done,
        @Doc("Native hosts on the new tag")
        List<String> checkedOut,
        @Doc("Hosts restarted on the new version")
        List<String> switched,
        @Doc("No roll back after this")
        boolean postMigrated,
        @Doc("The health wait: {host, url, since, checks, healthy, timedOut, lastAnswer}")
        Health health,
        @Doc("Every command and check")
        List<Step> commands,
        @Doc("{text, blocks} to ask in Slack after a failure")
        Question question,
        @Doc(value = "Closing text after verify or roll back", type = Doc.Type.TEXT)
        String summary) {

    RolloutState {
        done = done == null ? List.of() : List.copyOf(done);
        checkedOut = checkedOut == null ? List.of() : List.copyOf(checkedOut);
        switched = switched == null ? List.of() : List.copyOf(switched);
        commands = commands == null ? List.of() : List.copyOf(commands);
    }

    record Failure(String phase, String host, String message) {
    }

    record Health(String host, String url, String since, int checks, boolean healthy, boolean timedOut,
                  String lastAnswer) {
    }

    record Question(String text, JsonNode blocks) {
    }

    /**
     * One command of the rollout.
     *
     * @param exitStatus null when the command did not run (dry run) or could not run (see {@code note})
     */
    record Step(String phase, String host, List<String> argv, Integer exitStatus, String stdoutTail,
                String stderrTail, Long durationMillis, boolean dryRun, String at, String note) {
    }

    /** A working copy to change, one step's worth. */
    Builder change() {
        return new Builder(this);
    }

    boolean isDone(String phase, String host) {
        return done.contains(phase + ":" + host);
    }

    boolean rollbackPossible() {
        return !postMigrated && (!switched.isEmpty() || !checkedOut.isEmpty());
    }

    static final class Builder {
        boolean ok;
        String startedAt;
        Failure failed;
        final List<String> done;
        final List<String> checkedOut;
        final List<String> switched;
        boolean postMigrated;
        Health health;
        final List<Step> commands;
        Question question;
        String summary;

        private Builder(RolloutState s) {
            ok = true;
            startedAt = s.startedAt;
            failed = null;
            done = new ArrayList<>(s.done);
            checkedOut = new ArrayList<>(s.checkedOut);
            switched = new ArrayList<>(s.switched);
            postMigrated = s.postMigrated;
            health = s.health;
            commands = new ArrayList<>(s.commands);
            question = null;
            summary = s.summary;
        }

        void add(List<String> list, String value) {
            if (!list.contains(value)) {
                list.add(value);
            }
        }

        RolloutState build() {
            return new RolloutState(ok, startedAt, failed, done, checkedOut, switched, postMigrated, health, commands,
                    question, summary);
        }
    }

    static RolloutState fresh() {
        return new RolloutState(true, null, null, List.of(), List.of(), List.of(), false, null, List.of(), null, null);
    }
}
