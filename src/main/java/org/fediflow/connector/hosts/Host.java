package org.fediflow.connector.hosts;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;

/**
 * One checked inventory host.
 *
 * @param name           the key under {@code fediflow.hosts}
 * @param hostKey        the only server key accepted when connecting
 * @param privateKeyFile the client key (the host's own or {@code fediflow.ssh.private-key-file})
 * @param runtime        {@code docker}, {@code systemd} or null
 */
public record Host(String name, String address, int port, String user, PublicKey hostKey, Path privateKeyFile,
                   List<String> roles, String runtime, String composeDir, List<String> services, List<String> units,
                   String sourceDir, String patchFile, String healthUrl) {

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    @Override
    public String toString() {
        return name + " (" + user + "@" + address + ":" + port + ")";
    }
}
