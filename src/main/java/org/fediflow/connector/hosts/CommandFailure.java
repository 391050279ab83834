package org.fediflow.connector.hosts;

/** A command that could not run to its end: the host refused us, was not reachable, or the time ran out. */
public class CommandFailure extends RuntimeException {

    /** What went wrong; {@link #retryable()} says which may succeed on a later try. */
    public enum Kind {
        /** unknown host name, unreadable key, program not found */
        CONFIGURATION,
        /** the server showed a key other than the pinned one */
        HOST_KEY,
        /** the server did not accept our key */
        AUTHENTICATION,
        /** connection refused, reset, DNS */
        CONNECTION,
        /** the command ran past its timeout */
        TIMEOUT,
        /** the consumer of stdout failed (e.g. the upload it feeds) */
        OUTPUT
    }

    private final Kind kind;
    private final String stderrTail;

    public CommandFailure(Kind kind, String message, String stderrTail, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.stderrTail = stderrTail == null ? "" : stderrTail;
    }

    public Kind kind() {
        return kind;
    }

    /** What the command wrote to stderr before it failed, possibly empty. */
    public String stderrTail() {
        return stderrTail;
    }

    public boolean retryable() {
        return kind == Kind.CONNECTION || kind == Kind.TIMEOUT || kind == Kind.OUTPUT;
    }
}
