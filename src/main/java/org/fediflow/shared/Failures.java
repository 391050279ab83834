package org.fediflow.shared;

import org.springframework.core.NestedExceptionUtils;

/** The one root-cause helper: what went wrong at the bottom of a chain of wrapped exceptions. */
public final class Failures {

    private Failures() {
    }

    /** The innermost cause, or the exception itself when it has none. */
    public static Throwable rootCause(Throwable e) {
        return NestedExceptionUtils.getMostSpecificCause(e);
    }

    /** The innermost cause's message, or its class's simple name when it has none. */
    public static String rootMessage(Throwable e) {
        Throwable t = rootCause(e);
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
