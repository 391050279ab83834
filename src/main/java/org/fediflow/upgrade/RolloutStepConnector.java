package org.fediflow.upgrade;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.fediflow.connector.hosts.Host;
import org.fediflow.connector.mastodon.MastodonClient;
import org.fediflow.connector.slack.SlackText;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/**
 * {@code upgrade.step}: one step of a rollout on one host (or the management host), recorded in the rollout state.
 * A failing command does not fail the step: the state says {@code ok=false} with the question for Slack, and the
 * diagram stops and asks. Steps already done in this rollout are skipped, so "Retry step" resumes where it stopped.
 */
@ConnectorInfo(name = "Rollout step on a host",
        description = "One rollout step, recorded in the rollout state (every command with host, "
        + "arguments, exit status, output tails): pull (docker compose pull; native: git "
        + "fetch, checkout --force of the tag, git apply --check and apply of patch-file), "
        + "pre-migrate (SKIP_POST_DEPLOYMENT_MIGRATIONS=true db:migrate on the management "
        + "host), restart-web / restart-sidekiq / restart-streaming (docker compose up -d "
        + "or systemctl restart), post-migrate, extra "
        + "(fediflow.upgrade.extra-commands.<version>), verify (/api/v2/instance reports "
        + "the version), rollback (hosts switched so far back to the previous version). A "
        + "failing command gives ok=false and the Slack question instead of an incident; a "
        + "step already done in this rollout is skipped. Dry run: commands are recorded "
        + "and logged, not run.")
@Component
class RolloutStepConnector implements Connector<RolloutStepConnector.Input, RolloutState> {

    static final List<String> ACTIONS = List.of("pull", "pre-migrate", "restart-web", "restart-sidekiq",
            "restart-streaming", "post-migrate", "extra", "verify", "rollback");

    /**
     * @param action one of {@link #ACTIONS}
     * @param host   the host for pull and restart-*; the others use the plan's management host
     */
    record Input(
            @Doc("The plan (upgrade.plan-rollout)")
            @NotNull Plan plan,
            @Doc("The rollout state so far; empty at the first step")
            RolloutState state,
            @Doc("pull, pre-migrate, restart-web, restart-sidekiq, restart-streaming, "
                    + "post-migrate, extra, verify, rollback")
            @NotBlank String action,
            @Doc("The host, for pull and restart-*")
            String host) {
    }

    private final Fleet fleet;
    private final CommandLog log;
    private final MastodonClient mastodon;
    private final UpgradeProperties properties;
    private final Clock clock;

    RolloutStepConnector(Fleet fleet, CommandLog log, MastodonClient mastodon, UpgradeProperties properties,
                         Clock clock) {
        this.fleet = fleet;
        this.log = log;
        this.mastodon = mastodon;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public String id() {
        return "upgrade.step";
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public RolloutState execute(Input input, StepContext context) {
        if (!ACTIONS.contains(input.action())) {
            throw new ConnectorFailure.BadInput("action: '" + input.action() + "' is not one of " + ACTIONS);
        }
        Plan plan = input.plan();
        Version version;
        Version previous;
        try {
            version = Version.require(plan.version());
            previous = Version.require(plan.previousVersion());
        } catch (IllegalArgumentException e) {
            throw new ConnectorFailure.BadInput(e.getMessage());
        }
        RolloutState.Builder state = (input.state() == null ? RolloutState.fresh() : input.state()).change();
        if (state.startedAt == null) {
            state.startedAt = clock.instant().toString();
        }
        String action = input.action();
        String hostName = action.equals("pull") || action.startsWith("restart-") ? input.host() : plan.management();
        if (hostName == null || hostName.isBlank()) {
            throw new ConnectorFailure.BadInput("host: required for " + action);
        }
        if (!action.equals("rollback") && state.done.contains(action + ":" + hostName)) {
            return state.build();
        }
        Host host;
        try {
            host = fleet.host(hostName);
        } catch (IllegalArgumentException e) {
            throw new ConnectorFailure.BadInput(e.getMessage());
        }
        String problem = switch (action) {
            case "pull" -> pull(state, plan, host, version);
            case "pre-migrate" -> log.run(state, plan, action, host.name(), fleet.migrate(host, version, true));
            case "post-migrate" -> {
                state.postMigrated = true;
                yield log.run(state, plan, action, host.name(), fleet.migrate(host, version, false));
            }
            case "extra" -> extra(state, plan, host, version);
            case "verify" -> verify(state, plan, version);
            case "rollback" -> rollback(state, plan, previous);
            default -> restart(state, plan, action, host, version);
        };
        if (problem != null && !action.equals("rollback")) {
            fail(state, plan, action, host.name(), problem);
        } else if (!action.equals("rollback") && !action.startsWith("restart-")) {
            state.add(state.done, action + ":" + host.name());
        }
        return state.build();
    }

    private String pull(RolloutState.Builder state, Plan plan, Host host, Version version) {
        for (List<String> argv : fleet.pull(host, version)) {
            String problem = log.run(state, plan, "pull", host.name(), argv);
            if (problem != null) {
                if (argv.contains("--check")) {
                    return "the local patch " + host.patchFile() + " no longer applies to " + version.tag() + " ("
                            + problem + "); update the patch on the host, then Retry step";
                }
                return problem;
            }
            if (argv.contains("checkout")) {
                state.add(state.checkedOut, host.name());
            }
        }
        return null;
    }

    private String restart(RolloutState.Builder state, Plan plan, String phase, Host host, Version version) {
        String problem = log.run(state, plan, phase, host.name(), fleet.restart(host, version));
        if (problem == null) {
            state.add(state.switched, host.name());
            state.health = new RolloutState.Health(host.name(), host.healthUrl(), clock.instant().toString(), 0,
                    false, false, null);
        }
        return problem;
    }

    private String extra(RolloutState.Builder state, Plan plan, Host host, Version version) {
        for (List<String> argv : properties.extraCommandsFor(version)) {
            String problem = log.run(state, plan, "extra", host.name(), fleet.extra(host, version, argv));
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private String verify(RolloutState.Builder state, Plan plan, Version version) {
        String at = clock.instant().toString();
        if (plan.dryRun()) {
            state.commands.add(new RolloutState.Step("verify", null, List.of("GET", "/api/v2/instance"), null, null,
                    null, null, true, at, "dry run: would check that the instance reports " + version));
            state.summary = dryRunSummary(state, plan);
            return null;
        }
        JsonNode instance = mastodon.instance();
        String reported = instance.path("version").asString("");
        state.commands.add(new RolloutState.Step("verify", null, List.of("GET", "/api/v2/instance"), null,
                "version " + reported, null, null, false, at, null));
        if (Version.running(reported).filter(version::equals).isEmpty()) {
            return "/api/v2/instance reports version " + Version.quoted(reported) + ", not " + version;
        }
        state.summary = doneSummary(state, plan);
        return null;
    }

    private String rollback(RolloutState.Builder state, Plan plan, Version previous) {
        if (state.postMigrated) {
            throw new ConnectorFailure.BadInput("no roll back after post-deployment migrations have run; "
                    + "fix forward or restore the backup");
        }
        List<String> problems = new ArrayList<>();
        List<String> back = new ArrayList<>();
        List<String> hosts = new ArrayList<>(state.checkedOut);
        state.switched.forEach(h -> state.add(hosts, h));
        for (String name : hosts) {
            Host host = fleet.host(name);
            List<List<String>> commands = new ArrayList<>();
            if (state.checkedOut.contains(name)) {
                commands.addAll(fleet.checkout(host, previous));
            }
            if (state.switched.contains(name)) {
                commands.add(fleet.restart(host, previous));
            }
            String problem = null;
            for (List<String> argv : commands) {
                problem = log.run(state, plan, "rollback", name, argv);
                if (problem != null) {
                    problems.add(name + ": " + problem);
                    break;
                }
            }
            if (problem == null) {
                back.add(name);
            }
        }
        List<String> untouched = plan.hosts().stream().filter(h -> !hosts.contains(h)).toList();
        state.ok = problems.isEmpty();
        state.summary = (problems.isEmpty() ? ":leftwards_arrow_with_hook: Rolled back to *" : ":x: Roll back to *")
                + previous + "*" + (problems.isEmpty() ? "" : " failed in part") + ": back on " + previous + ": "
                + list(back) + "; left as they were (never switched): " + list(untouched)
                + (problems.isEmpty() ? "" : "\nFailed: " + SlackText.escape(String.join("; ", problems)))
                + "\nThe pre-deployment migrations stay (they are made to run with the previous version).";
        return null;
    }

    private void fail(RolloutState.Builder state, Plan plan, String phase, String host, String problem) {
        state.ok = false;
        state.failed = new RolloutState.Failure(phase, host, problem);
        state.question = question(state.build(), plan);
    }

    /** The Slack question after a failed step: what failed, and Retry step / Roll back (when possible) / Abort. */
    static RolloutState.Question question(RolloutState state, Plan plan) {
        RolloutState.Failure failed = state.failed();
        String text = ":x: Upgrade to *" + plan.version() + "* stopped: step *" + failed.phase() + "* failed on *"
                + failed.host() + "*: " + SlackText.escape(failed.message()) + "\nSwitched so far: " + list(state.switched())
                + (state.postMigrated() ? "\nPost-deployment migrations have run: no roll back." : "");
        List<SlackText.Button> buttons = new ArrayList<>();
        buttons.add(new SlackText.Button("upgrade.retry", "Retry step", plan.version(), "primary"));
        if (state.rollbackPossible()) {
            buttons.add(new SlackText.Button("upgrade.rollback", "Roll back to " + plan.previousVersion(), plan.version(),
                    "danger"));
        }
        buttons.add(new SlackText.Button("upgrade.abort", "Abort", plan.version(), null));
        return new RolloutState.Question(text, SlackText.blocks().markdown(text)
                .buttons(buttons.toArray(SlackText.Button[]::new)).build());
    }

    private String doneSummary(RolloutState.Builder state, Plan plan) {
        Instant now = clock.instant();
        Duration took = Duration.between(Instant.parse(state.startedAt), now);
        Duration sincePublished = Duration.between(Instant.parse(plan.publishedAt()), now);
        Duration margin = Duration.between(now, Instant.parse(plan.deadline()));
        return ":white_check_mark: Mastodon *" + plan.version() + "* is live (verified at /api/v2/instance). Rollout took "
                + human(took) + "; live " + human(sincePublished) + " after publication, "
                + (margin.isNegative() ? "*" + human(margin.negated()) + " past the deadline*" : human(margin) + " before the deadline")
                + " (" + PlanRolloutConnector.WHEN.format(Instant.parse(plan.deadline())) + "). Hosts: " + list(plan.hosts());
    }

    private static String dryRunSummary(RolloutState.Builder state, Plan plan) {
        StringBuilder text = new StringBuilder(":memo: Dry run of the upgrade to *" + plan.version()
                + "* finished; nothing was run. It would run:\n```");
        for (RolloutState.Step step : state.commands) {
            if (step.host() != null) {
                text.append(SlackText.escape(step.host() + ": " + String.join(" ", step.argv()))).append('\n');
            }
        }
        return text.append("```").toString();
    }

    static String human(Duration duration) {
        long minutes = Math.max(0, duration.toMinutes());
        if (minutes < 60) {
            return Math.max(0, duration.toSeconds()) < 60 ? duration.toSeconds() + " s" : minutes + " min";
        }
        long hours = minutes / 60;
        return hours < 48 ? hours + " h " + (minutes % 60) + " min" : (hours / 24) + " d " + (hours % 24) + " h";
    }

    private static String list(List<String> hosts) {
        return hosts.isEmpty() ? "none" : String.join(", ", hosts);
    }
}
