package org.fediflow.upgrade;

import java.time.Duration;
import java.time.Period;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.fediflow.shared.HttpUrls;
import org.fediflow.shared.InvalidConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code fediflow.upgrade.*}, checked at start.
 *
 * @param releasesUrl     GitHub releases API of Mastodon (drafts and pre-releases are ignored)
 * @param updateCheckUrl  Mastodon's update-check service ({@code ?version=} is added); empty = not asked
 * @param deadline        publication to live, for ordinary releases (ISO-8601, e.g. {@code P3D})
 * @param urgentDeadline  the same for releases the update-check service flags urgent
 * @param autoApprove     {@code none}, {@code patch} (patch releases, urgent or not) or {@code urgent}
 * @param dryRun          run rollouts without touching hosts: every command is recorded and logged, not run
 * @param watchInterval   how often the release watch looks for releases
 * @param healthTimeout   how long a restarted host may take to answer its health URL with 200
 * @param healthInterval  pause between two health checks
 * @param commandTimeout  how long one command (pull, migration) may run
 * @param extraCommands   per version ({@code 4.3.2}), commands run on the management host after the post-deployment
 *                        migrations: a JSON array of commands, each an array of strings, e.g.
 *                        {@code [["bin/tootctl","search","deploy"]]}
 */
@ConfigurationProperties("fediflow.upgrade")
public record UpgradeProperties(
        @DefaultValue("https://api.github.com/repos/mastodon/mastodon/releases") String releasesUrl,
        @DefaultValue("https://api.joinmastodon.org/update-check") String updateCheckUrl,
        @DefaultValue("P3D") String deadline,
        @DefaultValue("P1D") String urgentDeadline,
        @DefaultValue("none") String autoApprove,
        @DefaultValue("false") boolean dryRun,
        @DefaultValue("1h") Duration watchInterval,
        @DefaultValue("5m") Duration healthTimeout,
        @DefaultValue("5s") Duration healthInterval,
        @DefaultValue("30m") Duration commandTimeout,
        Map<String, String> extraCommands) {

    static final Set<String> AUTO_APPROVE = Set.of("none", "patch", "urgent");

    public UpgradeProperties {
        HttpUrls.check("fediflow.upgrade.releases-url", releasesUrl);
        HttpUrls.check("fediflow.upgrade.update-check-url", updateCheckUrl);
        if (releasesUrl == null || releasesUrl.isBlank()) {
            throw new InvalidConfiguration("fediflow.upgrade.releases-url", "required");
        }
        parseDuration("fediflow.upgrade.deadline", deadline);
        parseDuration("fediflow.upgrade.urgent-deadline", urgentDeadline);
        if (!AUTO_APPROVE.contains(autoApprove)) {
            throw new InvalidConfiguration("fediflow.upgrade.auto-approve", "'" + autoApprove
                    + "' is not one of none, patch, urgent");
        }
        positive("fediflow.upgrade.watch-interval", watchInterval);
        positive("fediflow.upgrade.health-timeout", healthTimeout);
        positive("fediflow.upgrade.health-interval", healthInterval);
        positive("fediflow.upgrade.command-timeout", commandTimeout);
        Map<String, String> extra = new LinkedHashMap<>();
        if (extraCommands != null) {
            extraCommands.forEach((key, commands) -> {
                String property = "fediflow.upgrade.extra-commands." + key;
                String version = key.replaceAll("[\\[\\]]", "").replace('_', '.').replace('-', '.');
                Version parsed = Version.stable(version).orElseThrow(() -> new InvalidConfiguration(property,
                        "the key must be a release number such as 4.3.2"));
                try {
                    Argv.parseList(commands);
                } catch (IllegalArgumentException e) {
                    throw new InvalidConfiguration(property, e.getMessage());
                }
                extra.put(parsed.toString(), commands);
            });
        }
        extraCommands = Map.copyOf(extra);
    }

    /** The time from publication to live for a release. */
    Duration deadlineFor(boolean urgent) {
        return urgent ? parseDuration("fediflow.upgrade.urgent-deadline", urgentDeadline)
                : parseDuration("fediflow.upgrade.deadline", deadline);
    }

    /** Whether the policy approves this release without asking. */
    boolean approvesAutomatically(boolean patchRelease, boolean urgent) {
        return switch (autoApprove) {
            case "patch" -> patchRelease;
            case "urgent" -> urgent;
            default -> false;
        };
    }

    /** The extra commands for a version, as argument lists. */
    List<List<String>> extraCommandsFor(Version version) {
        String commands = extraCommands.get(version.toString());
        return commands == null ? List.of() : Argv.parseList(commands);
    }

    /** ISO-8601 durations with days ({@code P3D}) or times ({@code PT36H}); both forms Duration and Period know. */
    private static Duration parseDuration(String property, String text) {
        try {
            if (text.contains("T")) {
                return Duration.parse(text);
            }
            Period period = Period.parse(text);
            if (period.getYears() != 0 || period.getMonths() != 0) {
                throw new InvalidConfiguration(property, "'" + text + "': use days or hours, e.g. P3D or PT36H");
            }
            return Duration.ofDays(period.getDays());
        } catch (RuntimeException e) {
            if (e instanceof InvalidConfiguration invalid) {
                throw invalid;
            }
            throw new InvalidConfiguration(property, "'" + text + "' is not an ISO-8601 duration such as P3D or PT36H");
        }
    }

    private static void positive(String property, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new InvalidConfiguration(property, "must be positive");
        }
    }
}
