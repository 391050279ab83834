package org.fediflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.fediflow.testing.StartOutput;
import org.fediflow.testing.TestDiagrams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A misconfigured property stops the start with one line naming it, not a stack trace. */
@ExtendWith(OutputCaptureExtension.class)
class StartupConfigurationCheckTest {

    @Test
    void namesThePropertyWhenAnOperatorSourceLacksItsSecret(CapturedOutput output) {
        SpringApplication application = new SpringApplication(FediflowApplication.class);
        String data = TestDiagrams.tempFolder().toString();
        assertThatThrownBy(() -> application.run("--server.port=0", "--spring.datasource.url=jdbc:h2:file:" + data + "/db",
                "--fediflow.bpmn.dir=" + data + "/bpmn", "--fediflow.sources.github.auth=hmac-sha256",
                "--fediflow.sources.github.header=X-Hub-Signature-256")).isInstanceOf(RuntimeException.class);
        assertThat(StartOutput.of(output))
                .contains("Invalid configuration: fediflow.sources.github.secret: required when auth is hmac-sha256")
                .doesNotContain("\tat org.fediflow");
    }

    @Test
    void namesThePropertyWhenTheMastodonUrlIsNotAUrl(CapturedOutput output) {
        SpringApplication application = new SpringApplication(FediflowApplication.class);
        String data = TestDiagrams.tempFolder().toString();
        assertThatThrownBy(() -> application.run("--server.port=0", "--spring.datasource.url=jdbc:h2:file:" + data + "/db",
                "--fediflow.bpmn.dir=" + data + "/bpmn", "--fediflow.mastodon.base-url=vmst.io"))
                .isInstanceOf(RuntimeException.class);
        assertThat(StartOutput.of(output))
                .contains("Invalid configuration: fediflow.mastodon.base-url: 'vmst.io' is not an http(s) URL with a host")
                .doesNotContain("\tat org.fediflow");
    }

    @Test
    void refusesToSwitchTheAdminOffWhenNobodyCouldSignInWithMastodon(CapturedOutput output) {
        SpringApplication application = new SpringApplication(FediflowApplication.class);
        String data = TestDiagrams.tempFolder().toString();
        assertThatThrownBy(() -> application.run("--server.port=0", "--spring.datasource.url=jdbc:h2:file:" + data + "/db",
                "--fediflow.bpmn.dir=" + data + "/bpmn", "--fediflow.admin.enabled=false"))
                .isInstanceOf(RuntimeException.class);
        assertThat(StartOutput.of(output))
                .contains("Invalid configuration: fediflow.admin.enabled: the local admin can only be switched off when people"
                        + " sign in with Mastodon")
                .doesNotContain("\tat org.fediflow");
    }
}
