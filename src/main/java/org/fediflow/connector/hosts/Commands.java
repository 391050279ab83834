package org.fediflow.connector.hosts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs an argument list on this machine or on an inventory host over SSH, streaming stdout to the caller.
 *
 * <p>SSH: one session per command, key authentication only, and only the host key pinned in the inventory is
 * accepted (no trust-on-first-use, no {@code ~/.ssh}): the client offers just the pinned key's algorithms and
 * compares the key the server shows with the pinned one. The arguments are single-quoted for the remote shell.
 * stdout is written to the given stream as it arrives (a slow stream slows the command down through the SSH
 * window or the pipe, so memory does not grow with the output); stderr is kept as a bounded tail.
 */
@Component
public class Commands implements DisposableBean {

    /** How many bytes of stdout and stderr a result keeps. */
    public static final int TAIL_BYTES = 4096;

    private static final Logger log = LoggerFactory.getLogger(Commands.class);
    private static final AttributeRepository.AttributeKey<Pin> PIN = new AttributeRepository.AttributeKey<>();
    private static final int BUFFER = 64 * 1024;

    private final Map<String, Host> inventory;
    private final Duration connectTimeout;
    private final ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "command-timeouts");
        thread.setDaemon(true);
        return thread;
    });
    private SshClient client;

    public Commands(HostsProperties properties) {
        this.inventory = Map.copyOf(properties.inventory());
        this.connectTimeout = properties.ssh().connectTimeout();
    }

    /** The inventory by host name. */
    public Map<String, Host> inventory() {
        return inventory;
    }

    public Optional<Host> host(String name) {
        return Optional.ofNullable(inventory.get(name));
    }

    /** Runs the command, discarding stdout beyond its tail. */
    public CommandResult run(Command command) {
        return run(command, OutputStream.nullOutputStream());
    }

    /**
     * Runs the command, writing its stdout to {@code stdout} as it comes. A non-zero exit is a result, not a
     * failure; the caller decides what it means.
     *
     * @throws CommandFailure when the command could not run to its end (unknown host, refused host key or login,
     *                        no connection, timeout, or {@code stdout} threw)
     */
    public CommandResult run(Command command, OutputStream stdout) {
        long started = System.nanoTime();
        Tail outTail = new Tail(TAIL_BYTES);
        Tail errTail = new Tail(TAIL_BYTES);
        Guarded out = new Guarded(stdout, outTail);
        int exit = command.isLocal() ? runLocally(command, out, errTail) : runOverSsh(command, out, errTail);
        return new CommandResult(exit, outTail.text(), errTail.text(), outTail.written(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    private int runLocally(Command command, Guarded out, Tail errTail) {
        Process process;
        try {
            process = new ProcessBuilder(command.argv()).redirectInput(ProcessBuilder.Redirect.from(devNull())).start();
        } catch (IOException e) {
            throw new CommandFailure(CommandFailure.Kind.CONFIGURATION,
                    "cannot start " + command.argv().get(0) + ": " + e.getMessage(), null, e);
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> deadline = killer.schedule(() -> {
            timedOut.set(true);
            kill(process);
        }, command.timeout().toMillis(), TimeUnit.MILLISECONDS);
        Thread errPump = new Thread(() -> copyQuietly(process.getErrorStream(), errTail), "stderr-" + process.pid());
        errPump.setDaemon(true);
        errPump.start();
        try (InputStream in = process.getInputStream()) {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
            out.flush();
        } catch (IOException e) {
            kill(process);
            if (out.failure == null && !timedOut.get()) {
                throw new CommandFailure(CommandFailure.Kind.OUTPUT, "reading stdout of " + command.argv().get(0)
                        + " failed: " + e.getMessage(), errTail.text(), e);
            }
        }
        try {
            process.waitFor();
            errPump.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new CommandFailure(CommandFailure.Kind.TIMEOUT, "interrupted", errTail.text(), e);
        } finally {
            deadline.cancel(false);
        }
        check(command, out, errTail, timedOut.get());
        return process.exitValue();
    }

    private int runOverSsh(Command command, Guarded out, Tail errTail) {
        Host host = inventory.get(command.host());
        if (host == null) {
            throw new CommandFailure(CommandFailure.Kind.CONFIGURATION, "no host '" + command.host()
                    + "' in fediflow.hosts (known: " + String.join(", ", inventory.keySet().stream().sorted().toList())
                    + ")", null, null);
        }
        Pin pin = new Pin(host.hostKey());
        String stage = "connecting to " + host;
        long deadline = System.nanoTime() + command.timeout().toNanos();
        try (ClientSession session = client()
                .connect(host.user(), host.address(), host.port(), AttributeRepository.ofKeyValuePair(PIN, pin), null)
                .verify(connectTimeout).getSession()) {
            stage = "logging in to " + host;
            session.setKeyIdentityProvider(keys(host));
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
                check(command, out, errTail, timedOut);
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
                throw outputFailure(command, out, errTail);
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

    private static void check(Command command, Guarded out, Tail errTail, boolean timedOut) {
        if (out.failure != null) {
            throw outputFailure(command, out, errTail);
        }
        if (timedOut) {
            throw new CommandFailure(CommandFailure.Kind.TIMEOUT, command.argv().get(0) + " on " + command.where()
                    + " ran longer than " + command.timeout() + " and was stopped", errTail.text(), null);
        }
    }

    private static CommandFailure outputFailure(Command command, Guarded out, Tail errTail) {
        return new CommandFailure(CommandFailure.Kind.OUTPUT, "the output of " + command.argv().get(0) + " on "
                + command.where() + " could not be passed on: " + out.failure.getMessage(), errTail.text(), out.failure);
    }

    private KeyIdentityProvider keys(Host host) {
        return new FileKeyPairProvider(host.privateKeyFile());
    }

    private synchronized SshClient client() {
        if (client == null) {
            SshClient ssh = SshClient.setUpDefaultClient();
            ssh.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
            ssh.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
            // Our own key may be of any type; only the host key algorithms are narrowed (per session, below).
            ssh.setUserAuthFactories(List.of(new UserAuthPublicKeyFactory(ssh.getSignatureFactories())));
            ssh.setServerKeyVerifier((session, address, key) -> {
                Pin pin = session.getConnectionContext() == null ? null : session.getConnectionContext().getAttribute(PIN);
                if (pin != null && KeyUtils.compareKeys(pin.expected, key)) {
                    return true;
                }
                if (pin != null) {
                    pin.shown = key;
                }
                log.warn("Refused host key {} from {}", KeyUtils.getFingerPrint(key), address);
                return false;
            });
            ssh.addSessionListener(new SessionListener() {
                @Override
                public void sessionCreated(Session session) {
                    if (session instanceof ClientSession clientSession && clientSession.getConnectionContext() != null) {
                        Pin pin = clientSession.getConnectionContext().getAttribute(PIN);
                        if (pin != null) {
                            session.setSignatureFactories(pin.algorithms(ssh.getSignatureFactories()));
                        }
                    }
                }
            });
            ssh.start();
            client = ssh;
        }
        return client;
    }

    @Override
    public synchronized void destroy() throws IOException {
        killer.shutdownNow();
        if (client != null) {
            client.stop();
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static void copyQuietly(InputStream in, OutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            // the process is gone; its stderr ends here
        }
    }

    private static java.io.File devNull() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** The host key a connection must see, and the one it saw when that was another. */
    private static final class Pin {
        final PublicKey expected;
        volatile PublicKey shown;

        Pin(PublicKey expected) {
            this.expected = expected;
        }

        /** The signature algorithms of the pinned key's type, so the server shows that key and no other. */
        List<NamedFactory<Signature>> algorithms(List<NamedFactory<Signature>> all) {
            String type = KeyUtils.getKeyType(expected);
            List<NamedFactory<Signature>> matching = all.stream()
                    .filter(f -> type.equals(KeyUtils.getCanonicalKeyType(f.getName()))).toList();
            return matching.isEmpty() ? all : matching;
        }
    }

    /** Passes stdout on and keeps its tail; remembers the first failure of the consumer. */
    private static final class Guarded extends OutputStream {
        private final OutputStream target;
        private final Tail tail;
        volatile IOException failure;

        Guarded(OutputStream target, Tail tail) {
            this.target = target;
            this.tail = tail;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (failure != null) {
                throw failure;
            }
            tail.write(b, off, len);
            try {
                target.write(b, off, len);
            } catch (IOException | RuntimeException e) {
                failure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
                throw failure;
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                target.flush();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }
}
