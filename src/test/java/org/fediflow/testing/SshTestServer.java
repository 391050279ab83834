package org.fediflow.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.shell.ProcessShellFactory;

/**
 * A real SSH server on a loopback port (Apache MINA SSHD) that runs each exec request with {@code /bin/sh -c},
 * as OpenSSH does with a POSIX login shell. Host keys are generated per server; one client key is accepted.
 */
public final class SshTestServer implements AutoCloseable {

    private final SshServer server;
    private final KeyPair ed25519HostKey;
    private final KeyPair rsaHostKey;
    private final Path clientKeyFile;
    private final AtomicInteger commandsRun = new AtomicInteger();

    public SshTestServer() throws IOException, GeneralSecurityException {
        ed25519HostKey = KeyUtils.generateKeyPair("ssh-ed25519", 256);
        rsaHostKey = KeyUtils.generateKeyPair("ssh-rsa", 2048);
        KeyPair clientKey = KeyUtils.generateKeyPair("ssh-ed25519", 256);
        clientKeyFile = Files.createTempFile("fediflow-client-key", "");
        try (OutputStream out = Files.newOutputStream(clientKeyFile)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "fediflow-test", null, out);
        }
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(List.of(ed25519HostKey, rsaHostKey)));
        server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, clientKey.getPublic()));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setCommandFactory((channel, command) -> {
            commandsRun.incrementAndGet();
            return new ProcessShellFactory(command, "/bin/sh", "-c", command).createShell(channel);
        });
        server.start();
    }

    public int port() {
        return server.getPort();
    }

    /** The client's private key in OpenSSH format. */
    public Path clientKeyFile() {
        return clientKeyFile;
    }

    /** The server's ed25519 host key as a {@code known_hosts} value ({@code ssh-ed25519 AAAA…}). */
    public String ed25519HostKey() {
        return PublicKeyEntry.toString(ed25519HostKey.getPublic());
    }

    public String rsaHostKey() {
        return PublicKeyEntry.toString(rsaHostKey.getPublic());
    }

    /** A valid key line that is not this server's. */
    public static String someOtherHostKey() throws GeneralSecurityException {
        return PublicKeyEntry.toString(KeyUtils.generateKeyPair("ssh-ed25519", 256).getPublic());
    }

    /** How many exec requests reached the server after login. */
    public int commandsRun() {
        return commandsRun.get();
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
        Files.deleteIfExists(clientKeyFile);
    }
}
