package org.fediflow.connector.hosts;

import java.time.Duration;

/**
 * How a command ended.
 *
 * @param exitStatus  the program's exit status; -1 when it was ended by a signal
 * @param stdoutTail  the last bytes of stdout (at most {@link Commands#TAIL_BYTES}), as UTF-8 text
 * @param stderrTail  the last bytes of stderr, likewise
 * @param stdoutBytes how many bytes stdout carried in all
 * @param duration    wall time from start (including connecting) to end
 */
public record CommandResult(int exitStatus, String stdoutTail, String stderrTail, long stdoutBytes,
                            Duration duration) {

    public boolean succeeded() {
        return exitStatus == 0;
    }
}
