package org.fediflow.connector.hosts;

import java.time.Duration;
import java.util.List;

/**
 * A command as an argument list, never a string built from text: on a host each argument is quoted for the
 * remote shell, locally it is passed to the program as is.
 *
 * @param host    inventory host name, or null/blank for this machine
 * @param argv    program and arguments
 * @param timeout how long the command may run; it is killed (locally) or its channel closed (SSH) after that
 */
public record Command(String host, List<String> argv, Duration timeout) {

    public Command {
        if (argv == null || argv.isEmpty() || argv.get(0) == null || argv.get(0).isBlank()) {
            throw new IllegalArgumentException("a command needs at least a program name");
        }
        if (argv.stream().anyMatch(a -> a == null)) {
            throw new IllegalArgumentException("a command's arguments cannot be null");
        }
        argv = List.copyOf(argv);
        host = host == null || host.isBlank() ? null : host;
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a command needs a positive timeout");
        }
    }

    public static Command local(Duration timeout, String... argv) {
        return new Command(null, List.of(argv), timeout);
    }

    public static Command on(String host, Duration timeout, String... argv) {
        return new Command(host, List.of(argv), timeout);
    }

    public boolean isLocal() {
        return host == null;
    }

    /** The command line a POSIX shell runs as exactly these arguments: each one single-quoted. */
    public String shellLine() {
        // exec: the program takes the login shell's place, so a signal to the session reaches the program itself.
        StringBuilder line = new StringBuilder("exec");
        for (String arg : argv) {
            line.append(' ').append('\'').append(arg.replace("'", "'\\''")).append('\'');
        }
        return line.toString();
    }

    /** Where it runs, for messages: {@code local} or the host name. */
    public String where() {
        return host == null ? "local" : host;
    }
}
