package org.fediflow.connector.hosts;

import org.fediflow.testing.Slow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.fediflow.testing.SshTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands run on a real SSH server on loopback and on this machine: quoting, exit status, streaming, pinning. */
@Slow
class CommandsTest {

    private static SshTestServer server;
    private Commands commands;

    @BeforeAll
    static void startServer() throws Exception {
        server = new SshTestServer();
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.close();
    }

    @AfterEach
    void closeClient() throws IOException {
        if (commands != null) {
            commands.destroy();
        }
    }

    private Commands commandsPinning(String hostKey) {
        HostsProperties.HostConfig db = new HostsProperties.HostConfig("127.0.0.1", server.port(), SshTestServer.user(), hostKey,
                null, List.of("database"), null, null, null, null, null, null, null);
        commands = new Commands(new HostsProperties(Map.of("db", db),
                new HostsProperties.Ssh(server.clientKeyFile(), Duration.ofSeconds(10))));
        return commands;
    }

    @Test
    void passesEveryArgumentToTheRemoteProgramVerbatimWithoutShellInterpretation(@TempDir Path dir) {
        Path marker = dir.resolve("pwned");
        List<String> args = List.of("printf", "%s|", "two words", "it's", "$(touch " + marker + ")", "; touch " + marker,
                "`id`", "*", "\"quoted\"", "");
        CommandResult result = commandsPinning(server.ed25519HostKey()).run(new Command("db", args, Duration.ofSeconds(20)));

        assertThat(result.exitStatus()).isZero();
        assertThat(result.stdoutTail()).isEqualTo("two words|it's|$(touch " + marker + ")|; touch " + marker
                + "|`id`|*|\"quoted\"||");
        assertThat(marker).doesNotExist();
    }

    @Test
    void reportsExitStatusAndStderrTail() {
        int before = server.commandsRun();
        CommandResult result = commandsPinning(server.ed25519HostKey())
                .run(Command.on("db", Duration.ofSeconds(20), "sh", "-c", "echo out; echo broken >&2; exit 3"));

        assertThat(result.exitStatus()).isEqualTo(3);
        assertThat(result.stdoutTail()).isEqualTo("out\n");
        assertThat(result.stderrTail()).isEqualTo("broken\n");
        assertThat(result.duration()).isPositive();
        assertThat(server.commandsRun()).as("sshd's log counts the commands it started").isEqualTo(before + 1);
    }

    @Test
    void streamsStdoutToTheConsumerAndKeepsOnlyABoundedTail() {
        CountingStream sink = new CountingStream();
        CommandResult result = commandsPinning(server.ed25519HostKey())
                .run(Command.on("db", Duration.ofSeconds(60), "head", "-c", "20000000", "/dev/zero"), sink);

        assertThat(sink.count).isEqualTo(20_000_000L);
        assertThat(result.stdoutBytes()).isEqualTo(20_000_000L);
        assertThat(result.stdoutTail()).hasSize(Commands.TAIL_BYTES);
    }

    @Test
    void refusesAServerShowingAnotherKeyThanThePinnedOneAndRunsNothing() throws Exception {
        int before = server.commandsRun();
        Commands pinnedElsewhere = commandsPinning(SshTestServer.someOtherHostKey());

        assertThatThrownBy(() -> pinnedElsewhere.run(Command.on("db", Duration.ofSeconds(20), "touch", "/tmp/x")))
                .isInstanceOfSatisfying(CommandFailure.class, e -> {
                    assertThat(e.kind()).isEqualTo(CommandFailure.Kind.HOST_KEY);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("not the pinned").contains("fediflow.hosts.db.host-key");
                });
        assertThat(server.commandsRun()).isEqualTo(before);
    }

    @Test
    void acceptsTheServerByWhicheverOfItsKeysIsPinned() {
        assertThat(commandsPinning(server.rsaHostKey()).run(Command.on("db", Duration.ofSeconds(20), "true"))
                .exitStatus()).isZero();
        assertThat(commandsPinning("db.example " + server.ed25519HostKey() + " root@db")
                .run(Command.on("db", Duration.ofSeconds(20), "true")).exitStatus()).isZero();
    }

    @Test
    void refusesALoginWithAKeyTheServerDoesNotKnow(@TempDir Path dir) throws Exception {
        try (SshTestServer other = new SshTestServer()) {
            Path foreignKey = dir.resolve("id");
            Files.copy(other.clientKeyFile(), foreignKey);
            HostsProperties.HostConfig db = new HostsProperties.HostConfig("127.0.0.1", server.port(), SshTestServer.user(),
                    server.ed25519HostKey(), foreignKey, List.of(), null, null, null, null, null, null, null);
            commands = new Commands(new HostsProperties(Map.of("db", db), new HostsProperties.Ssh(null, Duration.ofSeconds(10))));

            assertThatThrownBy(() -> commands.run(Command.on("db", Duration.ofSeconds(20), "true")))
                    .isInstanceOfSatisfying(CommandFailure.class,
                            e -> assertThat(e.kind()).isEqualTo(CommandFailure.Kind.AUTHENTICATION));
        }
    }

    @Test
    void stopsARemoteCommandAtItsTimeoutAndLeavesNothingRunningOnTheHost() {
        long started = System.nanoTime();
        assertThatThrownBy(() -> commandsPinning(server.ed25519HostKey())
                .run(Command.on("db", Duration.ofSeconds(1), "sleep", "31.25")))
                .isInstanceOfSatisfying(CommandFailure.class, e -> assertThat(e.kind()).isEqualTo(CommandFailure.Kind.TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assumeTrue(SshTestServer.sessionsArePrivilegeSeparated(), "sshd passes signals on only to privilege-separated sessions");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(remoteProcesses("sleep 31.25"))
                .as("sshd says: %s", server.log()).isEmpty());
    }

    private static String remoteProcesses(String commandLine) throws IOException, InterruptedException {
        Process pgrep = new ProcessBuilder("pgrep", "-a", "-f", "^" + commandLine + "$").redirectErrorStream(true).start();
        String found = new String(pgrep.getInputStream().readAllBytes());
        pgrep.waitFor();
        return found.strip();
    }

    @Test
    void reportsAnUnreachableHostAsAConnectionFailure() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        HostsProperties.HostConfig gone = new HostsProperties.HostConfig("127.0.0.1", closedPort, "mastodon",
                server.ed25519HostKey(), null, List.of(), null, null, null, null, null, null, null);
        commands = new Commands(new HostsProperties(Map.of("gone", gone),
                new HostsProperties.Ssh(server.clientKeyFile(), Duration.ofSeconds(5))));

        assertThatThrownBy(() -> commands.run(Command.on("gone", Duration.ofSeconds(20), "true")))
                .isInstanceOfSatisfying(CommandFailure.class, e -> {
                    assertThat(e.kind()).isEqualTo(CommandFailure.Kind.CONNECTION);
                    assertThat(e.retryable()).isTrue();
                });
    }

    @Test
    void runsLocallyWithTheSameResultShape(@TempDir Path dir) {
        commands = new Commands(new HostsProperties(Map.of(), null));
        Path marker = dir.resolve("pwned");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandResult result = commands.run(Command.local(Duration.ofSeconds(10), "sh", "-c",
                "printf '%s' \"$0\"; echo err >&2; exit 4", "$(touch " + marker + ")"), out);

        assertThat(result.exitStatus()).isEqualTo(4);
        assertThat(out.toString()).isEqualTo("$(touch " + marker + ")");
        assertThat(result.stderrTail()).isEqualTo("err\n");
        assertThat(marker).doesNotExist();
    }

    @Test
    void stopsALocalCommandAtItsTimeoutAndNamesAMissingProgram() {
        commands = new Commands(new HostsProperties(Map.of(), null));
        assertThatThrownBy(() -> commands.run(Command.local(Duration.ofMillis(500), "sleep", "30")))
                .isInstanceOfSatisfying(CommandFailure.class, e -> assertThat(e.kind()).isEqualTo(CommandFailure.Kind.TIMEOUT));
        assertThatThrownBy(() -> commands.run(Command.local(Duration.ofSeconds(5), "no-such-program-here")))
                .isInstanceOfSatisfying(CommandFailure.class, e -> {
                    assertThat(e.kind()).isEqualTo(CommandFailure.Kind.CONFIGURATION);
                    assertThat(e.getMessage()).contains("no-such-program-here");
                });
    }

    @Test
    void passesOnAFailureOfTheStdoutConsumer() {
        commands = new Commands(new HostsProperties(Map.of(), null));
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("bucket gone");
            }
        };
        assertThatThrownBy(() -> commands.run(Command.local(Duration.ofSeconds(10), "head", "-c", "100000", "/dev/zero"), broken))
                .isInstanceOfSatisfying(CommandFailure.class, e -> {
                    assertThat(e.kind()).isEqualTo(CommandFailure.Kind.OUTPUT);
                    assertThat(e.getMessage()).contains("bucket gone");
                });
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
