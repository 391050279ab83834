package org.fediflow.upgrade;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fediflow.connector.ConnectorFailure;

/**
 * A stable Mastodon release number. Only text matching {@link #STABLE} becomes a Version, so a version that reaches a
 * command is digits and dots and nothing else: a hostile tag from a feed is refused here, before any command exists.
 */
record Version(int major, int minor, int patch) implements Comparable<Version> {

    /** Stable releases only: no pre-release, no build metadata, nothing around it. */
    static final Pattern STABLE = Pattern.compile("^v?(\\d{1,4})\\.(\\d{1,4})\\.(\\d{1,4})$");
    /** What a running server reports, e.g. {@code 4.3.1}, {@code 4.3.1+glitch}, {@code 4.4.0-beta.1}. */
    private static final Pattern RUNNING = Pattern.compile("^v?(\\d{1,4})\\.(\\d{1,4})\\.(\\d{1,4})([-+].*)?$");

    private static final Comparator<Version> ORDER = Comparator.comparingInt(Version::major)
            .thenComparingInt(Version::minor).thenComparingInt(Version::patch);

    /** The version if {@code text} is a stable release number, else empty. */
    static Optional<Version> stable(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = STABLE.matcher(text);
        return m.matches() ? Optional.of(of(m)) : Optional.empty();
    }

    /**
     * Like {@link #stable} but, when it is not one, fails the step that was given it before it did anything, with a
     * message naming the text (quoted, cut).
     */
    static Version require(String text) {
        return stable(text).orElseThrow(() -> new ConnectorFailure.BadInput("refused version "
                + quoted(text) + ": not a stable release number (" + STABLE.pattern() + "); nothing was run"));
    }

    /** The release a running server is on; a pre-release counts as the release before it is out. */
    static Optional<Version> running(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = RUNNING.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        Version version = of(m);
        if (m.group(4) != null && m.group(4).startsWith("-")) {
            return Optional.of(version.patch > 0 ? new Version(version.major, version.minor, version.patch - 1)
                    : new Version(version.major, version.minor, -1));
        }
        return Optional.of(version);
    }

    private static Version of(Matcher m) {
        return new Version(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    static String quoted(String text) {
        if (text == null) {
            return "null";
        }
        String cut = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        return "'" + cut.replaceAll("\\p{Cntrl}", "?") + "'";
    }

    boolean sameMinor(Version other) {
        return major == other.major && minor == other.minor;
    }

    /** {@code 4.3.1} */
    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }

    /** The git tag and image tag, {@code v4.3.1}. */
    String tag() {
        return "v" + this;
    }

    @Override
    public int compareTo(Version other) {
        return ORDER.compare(this, other);
    }
}
