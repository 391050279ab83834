package org.fediflow.metrics;

import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one sample out of Prometheus' text format: the first line of {@code name} carrying all given labels. */
final class Scrape {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)$");

    private Scrape() {
    }

    /** @param labels {@code key, value, key, value, ...} */
    static OptionalDouble value(String text, String name, String... labels) {
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line.trim());
            if (!sample.matches() || !sample.group(1).equals(name)) {
                continue;
            }
            String set = sample.group(2) == null ? "" : sample.group(2);
            boolean all = true;
            for (int i = 0; i < labels.length; i += 2) {
                all &= set.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (all) {
                return OptionalDouble.of(Double.parseDouble(sample.group(3)));
            }
        }
        return OptionalDouble.empty();
    }

    static double valueOrZero(String text, String name, String... labels) {
        return value(text, name, labels).orElse(0);
    }
}
