package org.fediflow.upgrade;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.validation.constraints.NotBlank;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.fediflow.connector.hosts.Host;
import org.fediflow.connector.slack.SlackText;
import org.fediflow.shared.InvalidConfiguration;
import org.springframework.stereotype.Component;

/**
 * {@code upgrade.plan-rollout}: checks the version (strict pattern) and the inventory, and decides the rollout: the
 * previous version to go back to, the deadline, automatic approval, the host order, and the announcement.
 */
@ConnectorInfo(id = "upgrade.plan-rollout", name = "Plan a rollout",
        description = "Checks the version against the strict pattern (a refused version is an incident "
        + "at once, nothing runs) and the inventory (roles, runtime fields, health URLs, "
        + "one management host), and decides the rollout: previous version, deadline "
        + "(publication + fediflow.upgrade.deadline or urgent-deadline), automatic "
        + "approval (fediflow.upgrade.auto-approve), host order, dry run, and the Slack "
        + "announcement with Approve / Skip / Later buttons.")
@Component
class PlanRolloutConnector implements Connector<PlanRolloutConnector.Input, Plan> {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final Pattern SAFE_LINK = Pattern.compile("^https://[A-Za-z0-9./_%?=&#:+~-]{1,400}$");

    /**
     * @param version        the release to roll out, e.g. {@code 4.3.2}
     * @param runningVersion what the instance reports now
     * @param publishedAt    ISO-8601 publication time; empty = now
     */
    record Input(
            @Doc("The release to roll out, e.g. 4.3.2")
            @NotBlank String version,
            @Doc("What the instance runs now (where a roll back goes back to)")
            @NotBlank String runningVersion,
            @Doc("ISO-8601 publication time; empty = now")
            String publishedAt,
            @Doc("Flagged urgent (security release)")
            Boolean urgent,
            @Doc("major, minor or patch")
            String releaseType,
            @Doc("Release notes (https only, else the GitHub tag page)")
            String notesUrl) {
    }

    private final Fleet fleet;
    private final UpgradeProperties properties;
    private final Clock clock;

    PlanRolloutConnector(Fleet fleet, UpgradeProperties properties, Clock clock) {
        this.fleet = fleet;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public Plan execute(Input input, StepContext context) {
        Version version = Version.require(input.version());
        Version previous = Version.running(input.runningVersion()).filter(v -> v.patch() >= 0)
                .orElseThrow(() -> new ConnectorFailure.BadInput("the instance reports version "
                        + Version.quoted(input.runningVersion()) + ", not a release number to go back to"));
        try {
            fleet.check();
        } catch (InvalidConfiguration e) {
            throw new ConnectorFailure.BadInput("Invalid configuration: " + e.getMessage());
        }
        boolean urgent = Boolean.TRUE.equals(input.urgent());
        String type = input.releaseType() != null && input.releaseType().matches("major|minor|patch") ? input.releaseType()
                : version.major() != previous.major() ? "major" : version.minor() != previous.minor() ? "minor" : "patch";
        Instant published = instant(input.publishedAt());
        Instant deadline = published.plus(properties.deadlineFor(urgent));
        boolean auto = properties.approvesAutomatically("patch".equals(type), urgent);
        List<String> hosts = fleet.hosts().stream().map(Host::name).toList();
        List<String> web = fleet.restartOrder("web");
        List<String> sidekiq = fleet.restartOrder("sidekiq");
        List<String> streaming = fleet.restartOrder("streaming");
        String management = fleet.management().name();
        String notes = input.notesUrl() != null && SAFE_LINK.matcher(input.notesUrl()).matches() ? input.notesUrl()
                : "https://github.com/mastodon/mastodon/releases/tag/" + version.tag();

        String headline = (urgent ? ":rotating_light: *Urgent* " : ":arrow_up: ") + "Mastodon *" + version + "* ("
                + type + " release) is out; running *" + previous + "*.";
        String details = "Notes: <" + SlackText.escape(notes) + "|release notes " + version.tag() + ">\n"
                + "Deadline: *" + WHEN.format(deadline) + "* (published " + WHEN.format(published) + " + "
                + (urgent ? properties.urgentDeadline() : properties.deadline()) + ")\n"
                + "Order: backup → pull on " + String.join(", ", hosts) + " → pre-deployment migrations on " + management
                + " → restart " + order(web, sidekiq, streaming) + " → post-deployment migrations → verify"
                + (properties.dryRun() ? "\n*Dry run*: the commands are only recorded, nothing is run on the hosts." : "")
                + (auto ? "\nApproved automatically (fediflow.upgrade.auto-approve=" + properties.autoApprove() + ")." : "");
        SlackText.Blocks blocks = SlackText.blocks().markdown(headline).markdown(details);
        if (!auto) {
            blocks.buttons(buttons(version));
        }
        return new Plan(version.toString(), previous.toString(), urgent, type, notes, published.toString(),
                deadline.toString(), properties.dryRun(), auto, hosts, web, sidekiq, streaming, management,
                properties.healthInterval().toString(), headline + "\n" + details, blocks.build(),
                SlackText.blocks().markdown("Upgrade to *" + version + "*: decide again.").buttons(buttons(version)).build());
    }

    private static SlackText.Button[] buttons(Version version) {
        String value = version.toString();
        return new SlackText.Button[] {
                new SlackText.Button("upgrade.approve", "Approve", value, "primary"),
                new SlackText.Button("upgrade.skip", "Skip this release", value, "danger"),
                new SlackText.Button("upgrade.later-4h", "Later (+4 h)", value, null),
                new SlackText.Button("upgrade.later-24h", "Later (+24 h)", value, null)};
    }

    private static String order(List<String> web, List<String> sidekiq, List<String> streaming) {
        StringBuilder order = new StringBuilder(String.join(" → ", web));
        if (!sidekiq.isEmpty()) {
            order.append(" → ").append(String.join(" → ", sidekiq));
        }
        if (!streaming.isEmpty()) {
            order.append(" → ").append(String.join(" → ", streaming));
        }
        return order.toString();
    }

    private Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return clock.instant();
        }
        try {
            return Instant.parse(text);
        } catch (RuntimeException e) {
            throw new ConnectorFailure.BadInput("publishedAt: not an ISO-8601 instant: " + Version.quoted(text));
        }
    }
}
