package org.fediflow.connector;

import java.time.Duration;

/** The three ways a connector call can fail; the engine glue treats each differently. */
public abstract sealed class ConnectorFailure extends RuntimeException
        permits ConnectorFailure.Temporary, ConnectorFailure.BadInput, ConnectorFailure.Business {

    private ConnectorFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** Timeouts, 5xx, 429: retried with back-off, then an incident. */
    public static final class Temporary extends ConnectorFailure {
        private final Duration retryAfter;

        public Temporary(String message, Duration retryAfter, Throwable cause) {
            super(message, cause);
            this.retryAfter = retryAfter;
        }

        public Temporary(String message, Throwable cause) {
            this(message, null, cause);
        }

        public Temporary(String message) {
            this(message, null, null);
        }

        /** What the remote side asked for (Retry-After), or null. */
        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** Validation errors and answers that will not change on a retry: an incident at once. */
    public static final class BadInput extends ConnectorFailure {
        public BadInput(String message) {
            super(message, null);
        }

        public BadInput(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** An outcome the diagram can catch with a boundary error event carrying {@link #code()}. */
    public static final class Business extends ConnectorFailure {
        private final String code;

        public Business(String code, String message) {
            super(message, null);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
