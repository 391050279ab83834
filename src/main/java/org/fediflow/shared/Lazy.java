package org.fediflow.shared;

import java.util.function.Supplier;

/**
 * A value built once, at its first use, by whichever thread needs it first. For what a node without that part
 * configured should never build: a JDK HTTP client runs a selector thread of its own and the first one loads TLS and
 * the trusted certificates, Bolt builds a Slack client of its own. Together about 20 MiB of an idle node
 * ({@code bench/README.md}).
 */
public final class Lazy<T> {

    private final Supplier<T> build;
    private volatile T value;

    public Lazy(Supplier<T> build) {
        this.build = build;
    }

    public T get() {
        T built = value;
        if (built == null) {
            synchronized (this) {
                built = value;
                if (built == null) {
                    built = build.get();
                    value = built;
                }
            }
        }
        return built;
    }

    /** True once it has been built. */
    public boolean built() {
        return value != null;
    }
}
