package org.fediflow.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.fediflow.shared.InvalidConfiguration;
import org.junit.jupiter.api.Test;

/** The strict version pattern every version passes before it can reach a command, and the upgrade settings' checks. */
class VersionTest {

    @Test
    void onlyPlainStableReleaseNumbersAreVersions() {
        assertThat(Version.stable("v4.3.2")).contains(new Version(4, 3, 2));
        assertThat(Version.stable("4.3.2")).contains(new Version(4, 3, 2));
        for (String hostile : new String[] {"v4.3.2;reboot", "v4.3.2$(id)", "4.3.2\n", " 4.3.2", "4.3.2-rc.1",
                "4.3.2+glitch", "v4.3", "'4.3.2'", "4.3.2 && rm -rf /", "", null}) {
            assertThat(Version.stable(hostile)).as(String.valueOf(hostile)).isEmpty();
        }
        assertThatThrownBy(() -> Version.require("v4.3.9$(touch /tmp/x)"))
                .hasMessageStartingWith("refused version 'v4.3.9$(touch /tmp/x)': not a stable release number");
    }

    @Test
    void runningVersionsMayCarryBuildMetadataAndPreReleasesCountAsTheReleaseBefore() {
        assertThat(Version.running("4.3.1+glitch")).contains(new Version(4, 3, 1));
        assertThat(Version.running("4.4.0-beta.1").orElseThrow()).isLessThan(new Version(4, 4, 0));
        assertThat(new Version(4, 10, 0)).isGreaterThan(new Version(4, 9, 9));
    }

    @Test
    void upgradeSettingsAreCheckedAtStartWithOneLine() {
        assertThatThrownBy(() -> settings("sometimes", "P3D", Map.of()))
                .isInstanceOf(InvalidConfiguration.class)
                .hasMessage("fediflow.upgrade.auto-approve: 'sometimes' is not one of none, patch, urgent");
        assertThatThrownBy(() -> settings("none", "three days", Map.of()))
                .hasMessage("fediflow.upgrade.deadline: 'three days' is not an ISO-8601 duration such as P3D or PT36H");
        assertThatThrownBy(() -> settings("none", "P3D", Map.of("[4.3.2]", "bin/tootctl cache clear")))
                .hasMessageStartingWith("fediflow.upgrade.extra-commands.[4.3.2]: not JSON");
        assertThatThrownBy(() -> settings("none", "P3D", Map.of("latest", "[[\"x\"]]")))
                .hasMessage("fediflow.upgrade.extra-commands.latest: the key must be a release number such as 4.3.2");
        UpgradeProperties ok = settings("patch", "PT36H", Map.of("[4.3.2]", "[[\"bin/tootctl\",\"cache\",\"clear\"]]"));
        assertThat(ok.deadlineFor(false)).isEqualTo(Duration.ofHours(36));
        assertThat(ok.deadlineFor(true)).isEqualTo(Duration.ofDays(1));
        assertThat(ok.approvesAutomatically(true, false)).isTrue();
        assertThat(ok.approvesAutomatically(false, true)).isFalse();
        assertThat(ok.extraCommandsFor(new Version(4, 3, 2))).containsExactly(java.util.List.of("bin/tootctl", "cache", "clear"));
    }

    private static UpgradeProperties settings(String autoApprove, String deadline, Map<String, String> extra) {
        return new UpgradeProperties("https://api.github.com/repos/mastodon/mastodon/releases",
                "https://api.joinmastodon.org/update-check", deadline, "P1D", autoApprove, false, Duration.ofHours(1),
                Duration.ofMinutes(5), Duration.ofSeconds(5), Duration.ofMinutes(30), extra);
    }
}
