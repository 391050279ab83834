package org.fediflow.connector.hosts;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a command on this machine: stdin from {@code /dev/null}, stdout streamed on the caller's thread, stderr
 * kept as a tail by a pump thread of its own. At the timeout the process and its descendants are killed; the
 * timeout is the JDK's own delayed completion ({@link CompletableFuture#orTimeout}), cancelled when the process
 * ends, so no executor of ours outlives the call.
 */
final class LocalProcess {

    private static final int BUFFER = 64 * 1024;

    private LocalProcess() {
    }

    static int run(Command command, GuardedOutput out, Tail errTail) {
        Process process;
        try {
            process = new ProcessBuilder(command.argv()).redirectInput(ProcessBuilder.Redirect.from(devNull())).start();
        } catch (IOException e) {
            throw new CommandFailure(CommandFailure.Kind.CONFIGURATION,
                    "cannot start " + command.argv().get(0) + ": " + e.getMessage(), null, e);
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        CompletableFuture<Process> deadline = process.onExit()
                .orTimeout(command.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((exited, failure) -> {
                    if (failure instanceof TimeoutException) {
                        timedOut.set(true);
                        kill(process);
                    }
                });
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
        out.check(command, errTail, timedOut.get());
        return process.exitValue();
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

    private static File devNull() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
