package org.fediflow.upgrade;

import java.time.Clock;
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
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/**
 * {@code upgrade.step}: one step of a rollout on one host (or the management host), recorded in the rollout state.
 * A failing command does not fail the step: the state says {@code ok=false} with the question for Slack, and the
 * diagram stops and asks. Steps already done in this rollout are skipped, so "Retry step" resumes where it stopped.
 */
@ConnectorInfo(id = "upgrade.step", name = "Rollout step on a host",
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

    /**
     * @param action one of {@link RolloutAction#NAMES}
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
    private final Rollback rollback;
    private final Clock clock;

    RolloutStepConnector(Fleet fleet, CommandLog log, MastodonClient mastodon, UpgradeProperties properties,
                         Rollback rollback, Clock clock) {
        this.rollback = rollback;
        this.fleet = fleet;
        this.log = log;
        this.mastodon = mastodon;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public RolloutState execute(Input input, StepContext context) {
        RolloutAction action = RolloutAction.named(input.action()).orElseThrow(() -> new ConnectorFailure.BadInput(
                "action: '" + input.action() + "' is not one of " + RolloutAction.NAMES));
        Plan plan = input.plan();
        Version version = Version.require(plan.version());
        Version previous = Version.require(plan.previousVersion());
        RolloutState.Builder state = (input.state() == null ? RolloutState.fresh() : input.state()).change();
        if (state.startedAt == null) {
            state.startedAt = clock.instant().toString();
        }
        String name = action.label();
        String hostName = action.onStepHost() ? input.host() : plan.management();
        if (hostName == null || hostName.isBlank()) {
            throw new ConnectorFailure.BadInput("host: required for " + name);
        }
        if (action != RolloutAction.ROLLBACK && state.done.contains(name + ":" + hostName)) {
            return state.build();
        }
        Host host;
        try {
            host = fleet.host(hostName);
        } catch (IllegalArgumentException e) {
            throw new ConnectorFailure.BadInput(e.getMessage());
        }
        String problem = switch (action) {
            case PULL -> pull(state, plan, host, version);
            case PRE_MIGRATE -> log.run(state, plan, name, host.name(), fleet.migrate(host, version, true));
            case POST_MIGRATE -> {
                state.postMigrated = true;
                yield log.run(state, plan, name, host.name(), fleet.migrate(host, version, false));
            }
            case EXTRA -> extra(state, plan, host, version);
            case VERIFY -> verify(state, plan, version);
            case ROLLBACK -> {
                rollback.run(state, plan, previous);
                yield null;
            }
            case RESTART_WEB, RESTART_SIDEKIQ, RESTART_STREAMING -> restart(state, plan, name, host, version);
        };
        if (problem != null) {
            fail(state, plan, name, host.name(), problem);
        } else if (action.recordedWhenDone()) {
            state.add(state.done, name + ":" + host.name());
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
            state.summary = RolloutTexts.dryRun(state, plan);
            return null;
        }
        JsonNode instance = mastodon.instance();
        String reported = instance.path("version").asString("");
        state.commands.add(new RolloutState.Step("verify", null, List.of("GET", "/api/v2/instance"), null,
                "version " + reported, null, null, false, at, null));
        if (Version.running(reported).filter(version::equals).isEmpty()) {
            return "/api/v2/instance reports version " + Version.quoted(reported) + ", not " + version;
        }
        state.summary = RolloutTexts.done(state, plan, clock);
        return null;
    }

    private void fail(RolloutState.Builder state, Plan plan, String phase, String host, String problem) {
        state.ok = false;
        state.failed = new RolloutState.Failure(phase, host, problem);
        state.question = RolloutTexts.question(state.build(), plan);
    }
}
