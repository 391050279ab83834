package org.fediflow.connector.hosts;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes a command's stdout on to the caller's stream and keeps its tail; remembers the first failure of the
 * caller's stream, so the runner can stop the command and say whose fault it was.
 */
final class GuardedOutput extends OutputStream {
    private final OutputStream target;
    private final Tail tail;
    volatile IOException failure;

    GuardedOutput(OutputStream target, Tail tail) {
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

    /** After the command: a failed stdout consumer or a timeout is a {@link CommandFailure}. */
    void check(Command command, Tail errTail, boolean timedOut) {
        if (failure != null) {
            throw failure(command, errTail);
        }
        if (timedOut) {
            throw new CommandFailure(CommandFailure.Kind.TIMEOUT, command.argv().get(0) + " on " + command.where()
                    + " ran longer than " + command.timeout() + " and was stopped", errTail.text(), null);
        }
    }

    CommandFailure failure(Command command, Tail errTail) {
        return new CommandFailure(CommandFailure.Kind.OUTPUT, "the output of " + command.argv().get(0) + " on "
                + command.where() + " could not be passed on: " + failure.getMessage(), errTail.text(), failure);
    }
}
