package org.fediflow.connector.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.fediflow.FediflowApplication;
import org.fediflow.shared.InvalidConfiguration;
import org.fediflow.testing.SshTestServer;
import org.fediflow.testing.TestDiagrams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The inventory is checked at start; each mistake is named by its property. */
@ExtendWith(OutputCaptureExtension.class)
class InventoryTest {

    @TempDir
    Path dir;

    private HostsProperties.HostConfig host(String address, int port, String user, String hostKey, List<String> roles,
                                            String runtime, String composeDir, List<String> units, String healthUrl) {
        return new HostsProperties.HostConfig(address, port, user, hostKey, null, roles, runtime, composeDir,
                List.of("web"), units, "/home/mastodon/live", null, healthUrl);
    }

    private String problem(HostsProperties.HostConfig config) throws Exception {
        Path key = Files.writeString(dir.resolve("id_ed25519"), "key");
        try {
            new HostsProperties(Map.of("web1", config), new HostsProperties.Ssh(key, Duration.ofSeconds(5))).inventory();
            return "none";
        } catch (InvalidConfiguration e) {
            return e.getMessage();
        }
    }

    @Test
    void readsACompleteHost() throws Exception {
        String key = SshTestServer.someOtherHostKey();
        Path keyFile = Files.writeString(dir.resolve("id"), "key");
        Host web = new HostsProperties(Map.of("web1", host("10.0.0.5", 22, "mastodon", key, List.of("web", "sidekiq"),
                "docker", "/srv/mastodon", null, "http://10.0.0.5:3000/health")),
                new HostsProperties.Ssh(keyFile, Duration.ofSeconds(5))).inventory().get("web1");

        assertThat(web.address()).isEqualTo("10.0.0.5");
        assertThat(web.privateKeyFile()).isEqualTo(keyFile);
        assertThat(web.hasRole("sidekiq")).isTrue();
        assertThat(web.services()).containsExactly("web");
    }

    @Test
    void namesEachMistakeByItsProperty() throws Exception {
        String key = SshTestServer.someOtherHostKey();
        assertThat(problem(host(null, 22, "u", key, null, null, null, null, null)))
                .isEqualTo("fediflow.hosts.web1.address: required");
        assertThat(problem(host("h", 70000, "u", key, null, null, null, null, null)))
                .isEqualTo("fediflow.hosts.web1.port: 70000 is not a TCP port");
        assertThat(problem(host("h", 22, "", key, null, null, null, null, null)))
                .isEqualTo("fediflow.hosts.web1.user: required");
        assertThat(problem(host("h", 22, "u", null, null, null, null, null, null)))
                .startsWith("fediflow.hosts.web1.host-key: required");
        assertThat(problem(host("h", 22, "u", "ssh-ed25519 notbase64!", null, null, null, null, null)))
                .startsWith("fediflow.hosts.web1.host-key: not a readable ssh-ed25519 key");
        assertThat(problem(host("h", 22, "u", key, List.of("web", "db"), null, null, null, null)))
                .startsWith("fediflow.hosts.web1.roles: 'db' is not one of database, management, redis");
        assertThat(problem(host("h", 22, "u", key, null, "k8s", null, null, null)))
                .isEqualTo("fediflow.hosts.web1.runtime: 'k8s' is not one of docker, systemd");
        assertThat(problem(host("h", 22, "u", key, null, "docker", null, null, null)))
                .isEqualTo("fediflow.hosts.web1.compose-dir: required when runtime is docker");
        assertThat(problem(host("h", 22, "u", key, null, "systemd", null, List.of(), null)))
                .isEqualTo("fediflow.hosts.web1.units: required when runtime is systemd");
        assertThat(problem(host("h", 22, "u", key, null, null, null, null, "10.0.0.5:3000/health")))
                .startsWith("fediflow.hosts.web1.health-url:");
    }

    @Test
    void needsAReadableClientKey() throws Exception {
        HostsProperties.HostConfig config = host("h", 22, "u", SshTestServer.someOtherHostKey(), null, null, null, null, null);
        assertThatThrownBy(() -> new HostsProperties(Map.of("web1", config), null).inventory())
                .hasMessage("fediflow.ssh.private-key-file: required for host 'web1'");
        assertThatThrownBy(() -> new HostsProperties(Map.of("web1", config),
                new HostsProperties.Ssh(dir.resolve("missing"), Duration.ofSeconds(5))).inventory())
                .hasMessage("fediflow.ssh.private-key-file: cannot read " + dir.resolve("missing"));
    }

    @Test
    void stopsTheStartWithOneLineNamingTheProperty(CapturedOutput output) {
        SpringApplication application = new SpringApplication(FediflowApplication.class);
        String data = TestDiagrams.tempFolder().toString();
        assertThatThrownBy(() -> application.run("--server.port=0", "--spring.datasource.url=jdbc:h2:file:" + data + "/db",
                "--fediflow.bpmn.dir=" + data + "/bpmn", "--fediflow.hosts.db1.address=10.0.0.7",
                "--fediflow.hosts.db1.user=postgres")).isInstanceOf(RuntimeException.class);
        assertThat(mainThread(output.getOut() + output.getErr()))
                .contains("Invalid configuration: fediflow.hosts.db1.host-key: required")
                .doesNotContain("\tat org.fediflow");
    }

    /**
     * What the main thread logged, with the lines that continue each entry: contexts of earlier test classes in this
     * JVM may still log (and print stack traces) from their own threads meanwhile.
     */
    static String mainThread(String output) {
        StringBuilder main = new StringBuilder();
        boolean inMain = false;
        for (String line : output.split("\n")) {
            if (line.matches("^\\d{4}-\\d{2}-\\d{2}T.*")) {
                inMain = line.contains("[           main]");
            }
            if (inMain) {
                main.append(line).append('\n');
            }
        }
        return main.toString();
    }
}
