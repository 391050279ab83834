package org.fediflow.connector;

/**
 * What a connector may know about the step it runs in.
 *
 * @param idempotencyKey stable across retries of this step in this run: use it for every side effect
 *                       that an outside system can de-duplicate (Idempotency-Key headers, stored message ids)
 * @param runId          the process instance id
 * @param businessKey    the run's business key (the report id, the account id), may be null
 * @param stepId         the diagram element id of the step
 */
public record StepContext(String idempotencyKey, String runId, String businessKey, String stepId) {
}
