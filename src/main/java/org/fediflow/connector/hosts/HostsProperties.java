package org.fediflow.connector.hosts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.fediflow.shared.HttpUrls;
import org.fediflow.shared.InvalidConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The inventory ({@code fediflow.hosts.<name>.*}) and the SSH client settings ({@code fediflow.ssh.*}), checked
 * at start: a host that cannot be reached as configured stops the start with one line naming the property.
 */
@ConfigurationProperties("fediflow")
public record HostsProperties(Map<String, HostConfig> hosts, @DefaultValue Ssh ssh) {

    static final Set<String> ROLES = Set.of("web", "sidekiq", "streaming", "management", "database", "redis");
    static final Set<String> RUNTIMES = Set.of("docker", "systemd");

    /**
     * @param privateKeyFile the client key Fediflow logs in with unless a host names its own (OpenSSH or PEM format,
     *                       unencrypted)
     * @param connectTimeout how long connecting and logging in to a host may take
     */
    public record Ssh(Path privateKeyFile, @DefaultValue("15s") Duration connectTimeout) {
    }

    /** One host as configured; {@link HostsProperties#inventory()} turns it into a checked {@link Host}. */
    public record HostConfig(String address, @DefaultValue("22") int port, String user, String hostKey,
                             Path privateKeyFile, List<String> roles, String runtime, String composeDir,
                             List<String> services, List<String> units, String sourceDir, String patchFile,
                             String healthUrl) {
    }

    public HostsProperties {
        hosts = hosts == null ? Map.of() : hosts;
        ssh = ssh == null ? new Ssh(null, Duration.ofSeconds(15)) : ssh;
    }

    /** The checked inventory, by name in configuration order. */
    Map<String, Host> inventory() {
        Map<String, Host> inventory = new LinkedHashMap<>();
        hosts.forEach((name, config) -> inventory.put(name, check(name, config)));
        return inventory;
    }

    private Host check(String name, HostConfig c) {
        String prefix = "fediflow.hosts." + name;
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new InvalidConfiguration(prefix, "a host name is lower-case letters, digits and '-'");
        }
        if (blank(c.address())) {
            throw new InvalidConfiguration(prefix + ".address", "required");
        }
        if (c.port() < 1 || c.port() > 65535) {
            throw new InvalidConfiguration(prefix + ".port", c.port() + " is not a TCP port");
        }
        if (blank(c.user())) {
            throw new InvalidConfiguration(prefix + ".user", "required");
        }
        if (blank(c.hostKey())) {
            throw new InvalidConfiguration(prefix + ".host-key", "required (the line from the host's "
                    + "/etc/ssh/ssh_host_ed25519_key.pub); no other key is accepted");
        }
        PublicKey hostKey;
        try {
            hostKey = HostKeys.parse(c.hostKey());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfiguration(prefix + ".host-key", e.getMessage());
        }
        Path key = c.privateKeyFile() != null ? c.privateKeyFile() : ssh.privateKeyFile();
        String keyProperty = c.privateKeyFile() != null ? prefix + ".private-key-file" : "fediflow.ssh.private-key-file";
        if (key == null) {
            throw new InvalidConfiguration(keyProperty, "required for host '" + name + "'");
        }
        if (!Files.isReadable(key)) {
            throw new InvalidConfiguration(keyProperty, "cannot read " + key);
        }
        List<String> roles = c.roles() == null ? List.of() : List.copyOf(c.roles());
        for (String role : roles) {
            if (!ROLES.contains(role)) {
                throw new InvalidConfiguration(prefix + ".roles", "'" + role + "' is not one of " + sorted(ROLES));
            }
        }
        if (c.runtime() != null && !RUNTIMES.contains(c.runtime())) {
            throw new InvalidConfiguration(prefix + ".runtime", "'" + c.runtime() + "' is not one of " + sorted(RUNTIMES));
        }
        if ("docker".equals(c.runtime()) && blank(c.composeDir())) {
            throw new InvalidConfiguration(prefix + ".compose-dir", "required when runtime is docker");
        }
        if ("systemd".equals(c.runtime()) && (c.units() == null || c.units().isEmpty())) {
            throw new InvalidConfiguration(prefix + ".units", "required when runtime is systemd");
        }
        HttpUrls.check(prefix + ".health-url", c.healthUrl());
        return new Host(name, c.address(), c.port(), c.user(), hostKey, key, roles, c.runtime(), c.composeDir(),
                c.services() == null ? List.of() : List.copyOf(c.services()),
                c.units() == null ? List.of() : List.copyOf(c.units()), c.sourceDir(), c.patchFile(), c.healthUrl());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String sorted(Set<String> values) {
        return String.join(", ", values.stream().sorted().toList());
    }
}
