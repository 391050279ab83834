package org.fediflow.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.test.system.CapturedOutput;

/**
 * What a test that starts the application itself may judge of the captured output: everything except the stack
 * traces that other threads logged meanwhile. Contexts cached by earlier tests in the same JVM keep working in the
 * background (a retried step logs its failure with a stack trace), and their lines land in the same capture.
 */
public final class StartOutput {

    /** A log record's first line: Boot's console format, or Logback's before Boot set up logging. */
    private static final Pattern RECORD = Pattern.compile(
            "^(?:\\d{4}-\\d\\d-\\d\\dT\\S+\\s+[A-Z]+\\s+\\d+ --- \\[[^\\]]*\\] \\[\\s*([^\\]]*?)\\]"
                    + "|\\d\\d:\\d\\d:\\d\\d\\.\\d+ \\[([^\\]]*)\\])");

    private StartOutput() {
    }

    /** The captured output without the stack-trace lines of records logged by another thread than the caller's. */
    public static String of(CapturedOutput output) {
        String me = Thread.currentThread().getName();
        StringBuilder kept = new StringBuilder();
        boolean foreign = false;
        for (String line : (output.getOut() + output.getErr()).split("\n", -1)) {
            Matcher record = RECORD.matcher(line);
            if (record.find()) {
                foreign = !me.equals(record.group(1) != null ? record.group(1) : record.group(2));
            } else if (foreign && (line.startsWith("\t") || line.startsWith("Caused by:"))) {
                continue;
            }
            kept.append(line).append('\n');
        }
        return kept.toString();
    }
}
