package org.fediflow.upgrade;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.shell.ProcessShellFactory;

/**
 * A Mastodon fleet on this machine: per host a real SSH server (Apache MINA, like {@code testing/SshTestServer}) on
 * its own loopback address (127.0.0.11, .12, …) whose sessions find stand-in {@code docker}, {@code systemctl} and
 * {@code git} first on PATH, and a tiny HTTP endpoint on the same address answering {@code /health},
 * {@code /api/v1/streaming/health} and {@code /api/v2/instance} from what the stand-ins did.
 *
 * <p>The stand-ins write every call to one fleet-wide log ({@code <host> <program> <args>}) and keep the host's state
 * in files: {@code running} (the version started by {@code docker compose up} or {@code systemctl restart}),
 * {@code checkout} (the native checkout). A host answers its health check 200 from {@link #STARTUP_MILLIS} after a
 * restart, unless {@link #neverHealthyOn} names the running version; {@link #breakPatch} makes {@code git apply}
 * fail like a patch that no longer applies.
 */
final class SimulatedFleet implements AutoCloseable {

    static final long STARTUP_MILLIS = 1500;

    private static final String DOCKER = """
            #!/bin/sh
            echo "$FLEET_HOST docker $* MASTODON_VERSION=$MASTODON_VERSION" >> "$FLEET_LOG"
            case " $* " in
              *" up "*) printf '%s' "$MASTODON_VERSION" > "$FLEET_DIR/running"; date +%s%3N > "$FLEET_DIR/restarted-at" ;;
            esac
            echo "done"
            """;
    private static final String SYSTEMCTL = """
            #!/bin/sh
            echo "$FLEET_HOST systemctl $*" >> "$FLEET_LOG"
            if [ "$1" = restart ]; then cp "$FLEET_DIR/checkout" "$FLEET_DIR/running"; date +%s%3N > "$FLEET_DIR/restarted-at"; fi
            """;
    private static final String GIT = """
            #!/bin/sh
            echo "$FLEET_HOST git $*" >> "$FLEET_LOG"
            shift 2
            case "$1" in
              checkout) printf '%s' "$3" > "$FLEET_DIR/checkout" ;;
              apply)
                if [ -f "$FLEET_DIR/patch-broken" ]; then
                  echo "error: patch failed: app/models/status.rb:42" >&2
                  echo "error: app/models/status.rb: patch does not apply" >&2
                  exit 1
                fi ;;
            esac
            """;

    /** One host as the inventory names it. */
    record HostSpec(String name, String runtime, List<String> roles, String healthPath) {
    }

    final class FleetHost {
        final HostSpec spec;
        final String address;
        final Path dir;
        final SshServer ssh;
        final HttpServer http;
        final KeyPair hostKey;

        FleetHost(HostSpec spec, String address) throws IOException, GeneralSecurityException {
            this.spec = spec;
            this.address = address;
            this.dir = Files.createDirectories(root.resolve(spec.name()));
            Path bin = Files.createDirectories(dir.resolve("bin"));
            script(bin.resolve("docker"), DOCKER);
            script(bin.resolve("systemctl"), SYSTEMCTL);
            script(bin.resolve("git"), GIT);
            hostKey = KeyUtils.generateKeyPair("ssh-ed25519", 256);
            ssh = SshServer.setUpDefaultServer();
            ssh.setHost(address);
            ssh.setPort(0);
            ssh.setKeyPairProvider(KeyPairProvider.wrap(List.of(hostKey)));
            ssh.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, clientKey.getPublic()));
            ssh.setPasswordAuthenticator(null);
            ssh.setKeyboardInteractiveAuthenticator(null);
            // MINA runs each exec request as /bin/sh -c <request>; the stand-ins come first on that shell's PATH.
            String session = "export PATH='" + bin + "':/usr/local/bin:/usr/bin:/bin FLEET_HOST='" + spec.name()
                    + "' FLEET_DIR='" + dir + "' FLEET_LOG='" + log + "'; ";
            ssh.setCommandFactory((channel, command) -> new ProcessShellFactory(session + command, "/bin/sh", "-c", session + command)
                    .createShell(channel));
            ssh.start();
            http = HttpServer.create(new InetSocketAddress(address, 0), 0);
            http.createContext("/", this::answer);
            http.start();
        }

        private void answer(HttpExchange exchange) throws IOException {
            String path = exchange.getRequestURI().getPath();
            String running = read("running");
            int status;
            String body;
            if (path.equals("/api/v2/instance")) {
                status = 200;
                body = "{\"domain\":\"fleet.example\",\"title\":\"Fleet\",\"version\":\"" + running.replaceFirst("^v", "")
                        + "\",\"api_versions\":{\"mastodon\":2}}";
            } else if (path.equals(spec.healthPath())) {
                boolean started = System.currentTimeMillis() - Long.parseLong(read("restarted-at").isEmpty() ? "0"
                        : read("restarted-at")) >= STARTUP_MILLIS;
                boolean healthy = started && !running.equals(read("never-healthy-on"));
                status = healthy ? 200 : 503;
                body = healthy ? "OK" : "starting";
                if (healthy && !read("reported-healthy").equals(running)) {
                    Files.writeString(dir.resolve("reported-healthy"), running);
                    synchronized (SimulatedFleet.this) {
                        Files.writeString(log, spec.name() + " healthy " + running + "\n", StandardCharsets.UTF_8,
                                java.nio.file.StandardOpenOption.APPEND);
                    }
                }
            } else {
                status = 404;
                body = "{\"error\":\"Not found\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }

        String read(String file) {
            try {
                Path path = dir.resolve(file);
                return Files.exists(path) ? Files.readString(path).trim() : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String baseUrl() {
            return "http://" + address + ":" + http.getAddress().getPort();
        }

        /** The inventory properties of this host. */
        Map<String, String> properties() {
            String prefix = "fediflow.hosts." + spec.name() + ".";
            Map<String, String> p = new LinkedHashMap<>();
            p.put(prefix + "address", address);
            p.put(prefix + "port", String.valueOf(ssh.getPort()));
            p.put(prefix + "user", "mastodon");
            p.put(prefix + "host-key", PublicKeyEntry.toString(hostKey.getPublic()));
            p.put(prefix + "roles", String.join(",", spec.roles()));
            p.put(prefix + "runtime", spec.runtime());
            if (spec.runtime().equals("docker")) {
                p.put(prefix + "compose-dir", "/opt/mastodon");
                p.put(prefix + "services", spec.roles().contains("web") ? "web" : String.join(",",
                        spec.roles().stream().filter(r -> !r.equals("management")).toList()));
            } else {
                p.put(prefix + "units", "mastodon-" + spec.roles().get(0));
                p.put(prefix + "source-dir", "/home/mastodon/live");
                p.put(prefix + "patch-file", "/home/mastodon/local.patch");
            }
            if (spec.healthPath() != null) {
                p.put(prefix + "health-url", baseUrl() + spec.healthPath());
            }
            return p;
        }
    }

    private final Path root;
    private final Path log;
    private final KeyPair clientKey;
    private final Path clientKeyFile;
    private final Map<String, FleetHost> hosts = new LinkedHashMap<>();

    SimulatedFleet(List<HostSpec> specs) {
        try {
            root = Files.createTempDirectory("fediflow-fleet");
            log = root.resolve("calls.log");
            clientKey = KeyUtils.generateKeyPair("ssh-ed25519", 256);
            clientKeyFile = root.resolve("client-key");
            try (OutputStream out = Files.newOutputStream(clientKeyFile)) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "fediflow-fleet", null, out);
            }
            int n = 11;
            for (HostSpec spec : specs) {
                hosts.put(spec.name(), new FleetHost(spec, "127.0.0." + n++));
            }
            reset("v4.3.0");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every host back on {@code version}, healthy, patch applying; the log emptied. */
    synchronized void reset(String version) {
        try {
            Files.writeString(log, "");
            for (FleetHost host : hosts.values()) {
                for (String file : List.of("never-healthy-on", "patch-broken", "reported-healthy", "restarted-at")) {
                    Files.deleteIfExists(host.dir.resolve(file));
                }
                Files.writeString(host.dir.resolve("running"), version);
                Files.writeString(host.dir.resolve("checkout"), version);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void neverHealthyOn(String host, String version) throws IOException {
        Files.writeString(hosts.get(host).dir.resolve("never-healthy-on"), version);
    }

    void breakPatch(String host) throws IOException {
        Files.writeString(hosts.get(host).dir.resolve("patch-broken"), "yes");
    }

    FleetHost host(String name) {
        return hosts.get(name);
    }

    /** The calls of all hosts in the order they happened: {@code <host> <program> <args>}, and health changes. */
    synchronized List<String> calls() {
        try {
            return new ArrayList<>(Files.readAllLines(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole inventory and the client key, as properties. */
    Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("fediflow.ssh.private-key-file", clientKeyFile.toString());
        hosts.values().forEach(h -> p.putAll(h.properties()));
        return p;
    }

    private static void script(Path path, String text) throws IOException {
        Files.writeString(path, text);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Override
    public void close() {
        for (FleetHost host : hosts.values()) {
            try {
                host.ssh.stop(true);
            } catch (IOException e) {
                // the test is over
            }
            host.http.stop(0);
        }
    }
}
