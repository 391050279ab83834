package org.fediflow.upgrade;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.fediflow.connector.slack.SlackText;

/** What a rollout says in Slack: the question after a failed step, and the summaries at its end. */
final class RolloutTexts {

    private RolloutTexts() {
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

    /** After a verified rollout: how long it took, and how it stands against the publication and the deadline. */
    static String done(RolloutState.Builder state, Plan plan, Clock clock) {
        Instant now = clock.instant();
        Duration took = Duration.between(Instant.parse(state.startedAt), now);
        Duration sincePublished = Duration.between(Instant.parse(plan.publishedAt()), now);
        Duration margin = Duration.between(now, Instant.parse(plan.deadline()));
        return ":white_check_mark: Mastodon *" + plan.version() + "* is live (verified at /api/v2/instance). Rollout took "
                + human(took) + "; live " + human(sincePublished) + " after publication, "
                + (margin.isNegative() ? "*" + human(margin.negated()) + " past the deadline*" : human(margin) + " before the deadline")
                + " (" + PlanRolloutConnector.WHEN.format(Instant.parse(plan.deadline())) + "). Hosts: " + list(plan.hosts());
    }

    /** After a dry run: the commands it would have run, host by host. */
    static String dryRun(RolloutState.Builder state, Plan plan) {
        StringBuilder text = new StringBuilder(":memo: Dry run of the upgrade to *" + plan.version()
                + "* finished; nothing was run. It would run:\n```");
        for (RolloutState.Step step : state.commands) {
            if (step.host() != null) {
                text.append(SlackText.escape(step.host() + ": " + String.join(" ", step.argv()))).append('\n');
            }
        }
        return text.append("```").toString();
    }

    /** After a roll back: which hosts are back, which were never switched, and what failed. */
    static String rolledBack(Version previous, List<String> back, List<String> untouched, List<String> problems) {
        return (problems.isEmpty() ? ":leftwards_arrow_with_hook: Rolled back to *" : ":x: Roll back to *")
                + previous + "*" + (problems.isEmpty() ? "" : " failed in part") + ": back on " + previous + ": "
                + list(back) + "; left as they were (never switched): " + list(untouched)
                + (problems.isEmpty() ? "" : "\nFailed: " + SlackText.escape(String.join("; ", problems)))
                + "\nThe pre-deployment migrations stay (they are made to run with the previous version).";
    }

    static String human(Duration duration) {
        long minutes = Math.max(0, duration.toMinutes());
        if (minutes < 60) {
            return Math.max(0, duration.toSeconds()) < 60 ? duration.toSeconds() + " s" : minutes + " min";
        }
        long hours = minutes / 60;
        return hours < 48 ? hours + " h " + (minutes % 60) + " min" : (hours / 24) + " d " + (hours % 24) + " h";
    }

    static String list(List<String> hosts) {
        return hosts.isEmpty() ? "none" : String.join(", ", hosts);
    }
}
