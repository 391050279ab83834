package org.fediflow.connector.hosts;

import org.fediflow.testing.Slow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.StepContext;
import org.fediflow.testing.SshTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.StringNode;

/** {@code hosts.run} against a real SSH server: outputs, and which failures are incidents and which retried. */
@Slow
class RunCommandConnectorTest {

    private static final StepContext STEP = new StepContext("run:step", "run", null, "step");
    private static SshTestServer server;
    private Commands commands;

    @BeforeAll
    static void start() throws Exception {
        server = new SshTestServer();
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    @AfterEach
    void close() throws IOException {
        commands.destroy();
    }

    private RunCommandConnector connector(String hostKey) {
        HostsProperties.HostConfig db = new HostsProperties.HostConfig("127.0.0.1", server.port(), SshTestServer.user(), hostKey,
                null, List.of(), null, null, null, null, null, null, null);
        commands = new Commands(new HostsProperties(Map.of("db", db),
                new HostsProperties.Ssh(server.clientKeyFile(), Duration.ofSeconds(10))));
        return new RunCommandConnector(commands);
    }

    @Test
    void returnsExitStatusAndTailsOfACommandGivenAsJsonText() {
        RunCommandConnector.Output output = connector(server.ed25519HostKey()).execute(new RunCommandConnector.Input("db",
                StringNode.valueOf("[\"sh\", \"-c\", \"echo hello; echo warn >&2; exit 2\"]"), "PT30S", true), STEP);

        assertThat(output.exitStatus()).isEqualTo(2);
        assertThat(output.stdoutTail()).isEqualTo("hello\n");
        assertThat(output.stderrTail()).isEqualTo("warn\n");
        assertThat(output.durationMillis()).isPositive();
    }

    @Test
    void makesANonZeroExitAnIncidentUnlessAllowed() {
        assertThatThrownBy(() -> connector(server.ed25519HostKey()).execute(new RunCommandConnector.Input("db",
                JsonNodeFactory.instance.arrayNode().add("sh").add("-c").add("echo no space left >&2; exit 1"), null, null), STEP))
                .isInstanceOf(ConnectorFailure.BadInput.class)
                .hasMessage("sh on db exited with 1: no space left");
    }

    @Test
    void makesARefusedHostKeyAnIncidentAndATimeoutARetry() throws Exception {
        assertThatThrownBy(() -> connector(SshTestServer.someOtherHostKey()).execute(new RunCommandConnector.Input("db",
                StringNode.valueOf("[\"true\"]"), null, null), STEP))
                .isInstanceOf(ConnectorFailure.BadInput.class).hasMessageContaining("not the pinned");
        close();
        assertThatThrownBy(() -> connector(server.ed25519HostKey()).execute(new RunCommandConnector.Input("db",
                StringNode.valueOf("[\"sleep\", \"20\"]"), "PT1S", null), STEP))
                .isInstanceOf(ConnectorFailure.Temporary.class).hasMessageContaining("ran longer than PT1S");
    }

    @Test
    void rejectsACommandThatIsNotAnArgumentList() {
        assertThatThrownBy(() -> connector(server.ed25519HostKey()).execute(new RunCommandConnector.Input("db",
                StringNode.valueOf("rm -rf /"), null, null), STEP))
                .isInstanceOf(ConnectorFailure.BadInput.class).hasMessageStartingWith("command: not a JSON array");
        assertThatThrownBy(() -> connector(server.ed25519HostKey()).execute(new RunCommandConnector.Input("nowhere",
                StringNode.valueOf("[\"true\"]"), null, null), STEP))
                .isInstanceOf(ConnectorFailure.BadInput.class).hasMessageStartingWith("no host 'nowhere'");
    }
}
