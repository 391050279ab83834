package org.fediflow.connector.hosts;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs an argument list on this machine ({@link LocalProcess}) or on an inventory host over SSH
 * ({@link SshSessions}), streaming stdout to the caller.
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

    private final Map<String, Host> inventory;
    private final SshSessions ssh;

    public Commands(HostsProperties properties) {
        this.inventory = Map.copyOf(properties.inventory());
        this.ssh = new SshSessions(properties.ssh().connectTimeout());
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
        GuardedOutput out = new GuardedOutput(stdout, outTail);
        int exit = command.isLocal() ? LocalProcess.run(command, out, errTail) : ssh.run(host(command), command, out, errTail);
        return new CommandResult(exit, outTail.text(), errTail.text(), outTail.written(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    private Host host(Command command) {
        Host host = inventory.get(command.host());
        if (host == null) {
            throw new CommandFailure(CommandFailure.Kind.CONFIGURATION, "no host '" + command.host()
                    + "' in fediflow.hosts (known: " + String.join(", ", inventory.keySet().stream().sorted().toList())
                    + ")", null, null);
        }
        return host;
    }

    @Override
    public void destroy() throws IOException {
        ssh.close();
    }
}
