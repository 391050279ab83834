package org.fediflow.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.fediflow.shared.InvalidConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The staff-imitation rule and the disposable-domain list, without the engine. */
class ScreeningRulesTest {

    static OnboardingProperties properties(Path file) {
        return new OnboardingProperties(Duration.ofHours(24), null, null, true, file, 3, List.of());
    }

    @Test
    void lookAlikesOfStaffNamesAreCaught() {
        StaffImitation rule = new StaffImitation("https://hachyderm.io", List.of("kris"));
        assertThat(rule.imitated("adm1n")).isEqualTo("admin");
        assertThat(rule.imitated("a_d.m-i-n")).isEqualTo("admin");
        assertThat(rule.imitated("ADMlN")).isEqualTo("admin");
        assertThat(rule.imitated("the_rnoderator")).isEqualTo("moderator");
        assertThat(rule.imitated("Ѕuррort")).as("Cyrillic S, p").isEqualTo("support");
        assertThat(rule.imitated("ｓｔａｆｆ")).as("fullwidth").isEqualTo("staff");
        assertThat(rule.imitated("hachyderm_help")).as("the server's name").isEqualTo("hachyderm");
        assertThat(rule.imitated("kr1s")).as("configured staff names").isEqualTo("kris");
        assertThat(rule.imitated("knitting_anna")).isNull();
        assertThat(rule.imitated("")).isNull();
        assertThat(rule.imitated(null)).isNull();
    }

    @Test
    void serverNameLabelsSkipTheTopLevelDomainAndShortOrNumericLabels() {
        assertThat(StaffImitation.serverNames("https://social.vmst.io")).containsExactly("social", "vmst");
        assertThat(StaffImitation.serverNames("http://127.0.0.1:3000")).isEmpty();
    }

    @Test
    void shippedListCoversSubdomains() {
        DisposableDomains domains = new DisposableDomains(properties(null));
        assertThat(domains.listed("mailinator.com")).isEqualTo("mailinator.com");
        assertThat(domains.listed("MX.Mailinator.com")).isEqualTo("mailinator.com");
        assertThat(domains.listed("gmail.com")).isNull();
        assertThat(domains.listed("com")).isNull();
    }

    @Test
    void operatorFileReplacesTheShippedListAndIsReadAgainWhenChanged(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("disposable.txt");
        Files.writeString(file, "# ours\nthrowaway.example  # a comment\n");
        DisposableDomains domains = new DisposableDomains(properties(file));
        assertThat(domains.listed("throwaway.example")).isEqualTo("throwaway.example");
        assertThat(domains.listed("mailinator.com")).as("the shipped list is replaced").isNull();

        Files.writeString(file, "other.example\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(domains.listed("other.example")).isEqualTo("other.example");
        assertThat(domains.listed("throwaway.example")).isNull();
    }

    @Test
    void unreadableFileStopsTheStartNamingTheProperty(@TempDir Path dir) {
        assertThatThrownBy(() -> new DisposableDomains(properties(dir.resolve("missing.txt"))))
                .isInstanceOf(InvalidConfiguration.class)
                .hasMessageContaining("fediflow.onboarding.disposable-domains-file");
    }

    @Test
    void emailDomainIsThePartAfterTheLastAt() {
        assertThat(ScreenSignupConnector.emailDomain("A@Mail.Example")).isEqualTo("mail.example");
        assertThat(ScreenSignupConnector.emailDomain("broken@")).isNull();
        assertThat(ScreenSignupConnector.emailDomain(null)).isNull();
    }
}
