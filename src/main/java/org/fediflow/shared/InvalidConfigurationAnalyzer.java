package org.fediflow.shared;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/** Turns {@link InvalidConfiguration} into a short report instead of a stack trace. */
@Order(Ordered.HIGHEST_PRECEDENCE)
class InvalidConfigurationAnalyzer extends AbstractFailureAnalyzer<InvalidConfiguration> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfiguration cause) {
        String property = cause.property();
        boolean variable = property.equals(property.toUpperCase(java.util.Locale.ROOT));
        return new FailureAnalysis("Invalid configuration: " + cause.getMessage(), variable
                ? "Fix or remove the environment variable " + property + " and start again."
                : "Fix " + property + " (or its environment variable, e.g. "
                        + property.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_')
                        + ") and start again.", cause);
    }
}
