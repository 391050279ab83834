package org.fediflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.fediflow.testing.Programs;
import org.fediflow.testing.StartOutput;
import org.fediflow.testing.TestDiagrams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Settings that cannot silently go wrong: each bad setting stops the start with one line saying what is wrong and how
 * to fix it, and no stack trace comes before that line.
 */
@ExtendWith(OutputCaptureExtension.class)
class SettingsCheckTest {

    final Path data = TestDiagrams.tempFolder();

    /** Starts Fediflow with these environment variables (instead of the real ones) and arguments; it must fail. */
    void failsToStart(Map<String, Object> variables, String... args) {
        SpringApplication application = new SpringApplication(FediflowApplication.class);
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        application.setEnvironment(environment);
        Map<String, String> all = new LinkedHashMap<>(Map.of("--server.port", "0",
                "--spring.datasource.url", "jdbc:h2:file:" + data + "/db", "--fediflow.bpmn.dir", data + "/bpmn"));
        for (String arg : args) {
            all.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        String[] line = all.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        assertThatThrownBy(() -> application.run(line)).isInstanceOf(RuntimeException.class);
    }

    static void saysInOneLine(CapturedOutput output, String line) {
        String all = StartOutput.of(output);
        int at = all.indexOf("Fediflow did not start: " + line);
        assertThat(at).as("the one line in:\n" + all).isGreaterThanOrEqualTo(0);
        assertThat(all.substring(0, at)).as("no stack trace before the line").doesNotContain("\tat ");
        assertThat(all.substring(at).lines().findFirst().orElseThrow()).as("what and how to fix").contains(" — ");
    }

    @Test
    void aMisspeltPropertyNamesTheClosestSetting(CapturedOutput output) {
        failsToStart(Map.of(), "--fediflow.slack.bot-tokn=xoxb-1");
        saysInOneLine(output, "Invalid configuration: fediflow.slack.bot-tokn: unknown setting; did you mean fediflow.slack.bot-token?");
    }

    @Test
    void aMisspeltEnvironmentVariableNamesTheClosestOne(CapturedOutput output) {
        failsToStart(Map.of("FEDIFLOW_SLACK_CHANNELS_MODERATON", "C0MOD", "FEDIFLOW_SLACK_BOT_TOKEN", "xoxb-1"));
        saysInOneLine(output, "Invalid configuration: FEDIFLOW_SLACK_CHANNELS_MODERATON: unknown setting; did you mean "
                + "FEDIFLOW_SLACK_CHANNELS_MODERATION (fediflow.slack.channels.moderation)?");
    }

    @Test
    void aMisspeltSettingOfAHostNamesTheClosestOne(CapturedOutput output) {
        failsToStart(Map.of("FEDIFLOW_HOSTS_DB1_HOSTKEY", "ssh-ed25519 AAAA", "FEDIFLOW_HOSTS_DB1_ADRESS", "10.0.0.7"));
        saysInOneLine(output, "Invalid configuration: FEDIFLOW_HOSTS_DB1_ADRESS: unknown setting; did you mean "
                + "FEDIFLOW_HOSTS_DB1_ADDRESS (fediflow.hosts.…)?");
    }

    @Test
    void aMisspeltSettingOfASourceNamesTheClosestOne(CapturedOutput output) {
        failsToStart(Map.of(), "--fediflow.sources.github.secrt=s");
        saysInOneLine(output, "Invalid configuration: fediflow.sources.github.secrt: unknown setting; did you mean "
                + "fediflow.sources.github.secret?");
    }

    @Test
    void aPostgresUrlWithoutSqlSaysHowToWriteIt(CapturedOutput output) {
        failsToStart(Map.of(), "--spring.datasource.url=jdbc:postgres://db:5432/fediflow");
        saysInOneLine(output, "Invalid configuration: spring.datasource.url: 'jdbc:postgres:' is not a JDBC URL; write "
                + "jdbc:postgresql://HOST:5432/DATABASE");
    }

    @Test
    void anUnreachableDatabaseIsNamed(CapturedOutput output) {
        int nobody = Programs.freePort();
        failsToStart(Map.of(), "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + nobody + "/fediflow",
                "--spring.datasource.username=fediflow", "--spring.datasource.password=secret-pw");
        saysInOneLine(output, "Cannot use the database jdbc:postgresql://127.0.0.1:" + nobody + "/fediflow: ");
        assertThat(output.getOut() + output.getErr()).doesNotContain("secret-pw");
    }

    @Test
    void aPortInUseIsNamed(CapturedOutput output) throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            failsToStart(Map.of(), "--server.port=" + taken.getLocalPort());
            saysInOneLine(output, "Web server failed to start. Port " + taken.getLocalPort() + " was already in use.");
        }
    }

    @Test
    void aSettingAnEarlierReleaseHadIsAcceptedSoAnUpgradeStopsOnlyOnRealMistakes(CapturedOutput output) {
        failsToStart(Map.of("FEDIFLOW_ALERTS_INTERVAL", "10s"), "--fediflow.alerts.interval=10s",
                "--spring.datasource.url=jdbc:mysql://db/fediflow");
        saysInOneLine(output, "Invalid configuration: spring.datasource.url: Fediflow runs on PostgreSQL");
    }

    @Test
    void aValueThatIsNotADurationIsNamed(CapturedOutput output) {
        failsToStart(Map.of(), "--fediflow.workflow.retry-wait=two weeks");
        saysInOneLine(output, "Failed to bind properties under 'fediflow.workflow.retry-wait'");
    }

    @Test
    void theFileNamedByFediflowConfigIsRead(CapturedOutput output) throws Exception {
        Path config = Files.writeString(data.resolve("fediflow.yml"), "fediflow:\n  mastodon:\n    base-urll: https://vmst.io\n");
        failsToStart(Map.of("FEDIFLOW_CONFIG", config.toString()));
        saysInOneLine(output, "Invalid configuration: fediflow.mastodon.base-urll: unknown setting; did you mean "
                + "fediflow.mastodon.base-url?");
    }

    @Test
    void aMissingFediflowConfigFileIsNamed(CapturedOutput output) {
        failsToStart(Map.of("FEDIFLOW_CONFIG", data.resolve("nowhere.yml").toString()));
        saysInOneLine(output, "Config data resource 'file [" + data.resolve("nowhere.yml") + "]'");
    }
}
