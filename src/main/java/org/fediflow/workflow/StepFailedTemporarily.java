package org.fediflow.workflow;

import java.time.Duration;

import org.flowable.common.engine.api.FlowableException;

/** A connector step that may succeed later; carries the wait the remote side asked for, if any. */
class StepFailedTemporarily extends FlowableException {

    private final Duration retryAfter;

    StepFailedTemporarily(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    Duration retryAfter() {
        return retryAfter;
    }
}
