package org.fediflow.connector.hosts;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a command on an inventory host: one SSH session per command, key authentication only, the host key
 * pinned ({@link PinnedHostKey}), the arguments single-quoted for the remote shell. The client is started on the
 * first command and stopped by {@link #close()}.
 */
final class SshSessions implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SshSessions.class);

    private final Duration connectTimeout;
    private SshClient client;

    SshSessions(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    int run(Host host, Command command, GuardedOutput out, Tail errTail) {
        PinnedHostKey pin = new PinnedHostKey(host.hostKey());
        String stage = "connecting to " + host;
        long deadline = System.nanoTime() + command.timeout().toNanos();
        try (ClientSession session = client()
                .connect(host.user(), host.address(), host.port(),
                        AttributeRepository.ofKeyValuePair(PinnedHostKey.ATTRIBUTE, pin), null)
                .verify(connectTimeout).getSession()) {
            stage = "logging in to " + host;
            session.setKeyIdentityProvider(new FileKeyPairProvider(host.privateKeyFile()));
            session.auth().verify(connectTimeout);
            stage = "running " + command.argv().get(0) + " on " + host;
            try (ChannelExec channel = session.createExecChannel(command.shellLine())) {
                channel.setIn(InputStream.nullInputStream());
                channel.setOut(out);
                channel.setErr(errTail);
                channel.open().verify(connectTimeout);
                long left = Math.max(1, deadline - System.nanoTime());
                Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED),
                        Duration.ofNanos(left));
                boolean timedOut = events.contains(ClientChannelEvent.TIMEOUT);
                if (timedOut || out.failure != null) {
                    stop(channel);
                }
                out.check(command, errTail, timedOut);
                Integer status = channel.getExitStatus();
                return status == null ? -1 : status;
            }
        } catch (IOException e) {
            if (pin.shown != null) {
                throw new CommandFailure(CommandFailure.Kind.HOST_KEY, host + " showed host key "
                        + KeyUtils.getFingerPrint(pin.shown) + ", not the pinned " + KeyUtils.getFingerPrint(pin.expected)
                        + " (fediflow.hosts." + host.name() + ".host-key); refused", null, e);
            }
            if (stage.startsWith("logging in")) {
                throw new CommandFailure(CommandFailure.Kind.AUTHENTICATION, host + " did not accept the key "
                        + host.privateKeyFile() + " for user " + host.user() + ": " + e.getMessage(), null, e);
            }
            if (out.failure != null) {
                throw out.failure(command, errTail);
            }
            throw new CommandFailure(CommandFailure.Kind.CONNECTION, stage + " failed: " + e.getMessage(),
                    errTail.text(), e);
        }
    }

    /**
     * Ends a remote command early. Closing the channel alone leaves the program running on the host (OpenSSH does
     * not kill a session's process when its channel closes, and a program that writes nothing never notices), so
     * it is sent SIGTERM first with a "signal" channel request (RFC 4254 §6.9), given a moment to exit, then the
     * channel is closed.
     */
    private static void stop(ChannelExec channel) {
        try {
            Buffer request = channel.getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, 32);
            request.putUInt(channel.getRecipient());
            request.putString("signal");
            request.putBoolean(false);
            request.putString("TERM");
            channel.writePacket(request);
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED, ClientChannelEvent.EXIT_STATUS,
                    ClientChannelEvent.EXIT_SIGNAL), Duration.ofSeconds(2));
        } catch (IOException | RuntimeException e) {
            log.debug("could not signal the remote command: {}", e.toString());
        } finally {
            channel.close(true);
        }
    }

    private synchronized SshClient client() {
        if (client == null) {
            SshClient ssh = SshClient.setUpDefaultClient();
            ssh.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
            ssh.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
            // Our own key may be of any type; only the host key algorithms are narrowed (per session).
            ssh.setUserAuthFactories(List.of(new UserAuthPublicKeyFactory(ssh.getSignatureFactories())));
            PinnedHostKey.enforce(ssh);
            ssh.start();
            client = ssh;
        }
        return client;
    }

    @Override
    public synchronized void close() throws IOException {
        if (client != null) {
            client.stop();
        }
    }
}
