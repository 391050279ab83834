package org.fediflow.upgrade;

import java.util.ArrayList;
import java.util.List;

import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.hosts.Host;
import org.springframework.stereotype.Component;

/**
 * The {@code rollback} step: the hosts checked out or switched so far go back to the previous version; hosts never
 * touched are left as they are. Refused once the post-deployment migrations have run.
 */
@Component
class Rollback {

    private final Fleet fleet;
    private final CommandLog log;

    Rollback(Fleet fleet, CommandLog log) {
        this.fleet = fleet;
        this.log = log;
    }

    void run(RolloutState.Builder state, Plan plan, Version previous) {
        if (state.postMigrated) {
            throw new ConnectorFailure.BadInput("no roll back after post-deployment migrations have run; "
                    + "fix forward or restore the backup");
        }
        List<String> problems = new ArrayList<>();
        List<String> back = new ArrayList<>();
        List<String> hosts = new ArrayList<>(state.checkedOut);
        state.switched.forEach(h -> state.add(hosts, h));
        for (String name : hosts) {
            String problem = back(state, plan, fleet.host(name), previous);
            if (problem == null) {
                back.add(name);
            } else {
                problems.add(name + ": " + problem);
            }
        }
        List<String> untouched = plan.hosts().stream().filter(h -> !hosts.contains(h)).toList();
        state.ok = problems.isEmpty();
        state.summary = RolloutTexts.rolledBack(previous, back, untouched, problems);
    }

    /** Checks the host out at the previous version and restarts it, as far as it got; the first problem, or null. */
    private String back(RolloutState.Builder state, Plan plan, Host host, Version previous) {
        List<List<String>> commands = new ArrayList<>();
        if (state.checkedOut.contains(host.name())) {
            commands.addAll(fleet.checkout(host, previous));
        }
        if (state.switched.contains(host.name())) {
            commands.add(fleet.restart(host, previous));
        }
        for (List<String> argv : commands) {
            String problem = log.run(state, plan, RolloutAction.ROLLBACK.label(), host.name(), argv);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }
}
