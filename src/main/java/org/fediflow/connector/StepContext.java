package org.fediflow.connector;

/**
 * What a connector may know about the step it runs in.
 *
 * @param idempotencyKey stable across retries of this step in this run: use it for every side effect
 *                       that an outside system can de-duplicate (Idempotency-Key headers, stored message ids)
 * @param runId          the process instance id
 * @param businessKey    the run's business key (the report id, the account id), may be null
 * @param stepId         the diagram element id of the step
 * @param expressions    evaluates {@code ${…}} against the run's variables, for inputs of type {@code template}
 */
public record StepContext(String idempotencyKey, String runId, String businessKey, String stepId,
                          Expressions expressions) {

    public StepContext(String idempotencyKey, String runId, String businessKey, String stepId) {
        this(idempotencyKey, runId, businessKey, stepId, Expressions.NONE);
    }

    public StepContext {
        expressions = expressions == null ? Expressions.NONE : expressions;
    }

    /** Evaluates a text holding {@code ${…}} expressions in the run: one expression keeps its value's type. */
    @FunctionalInterface
    public interface Expressions {

        Expressions NONE = text -> {
            throw new ConnectorFailure.BadInput("expressions cannot be evaluated here: " + text);
        };

        Object evaluate(String text);
    }
}
