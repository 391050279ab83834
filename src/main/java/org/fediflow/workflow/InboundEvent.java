package org.fediflow.workflow;

/**
 * An accepted outside event, handed to the engine as the BPMN message {@code messageName}. It starts every
 * diagram whose start event waits for that message, once per delivery (variables {@code payload}, {@code event},
 * {@code source}, {@code inboxId}) and reaches every run with the same business key waiting for it (variables
 * {@code lastEvent} and {@code lastEventName}, so the payload that started the run stays as it was).
 *
 * @param payload the event's JSON (a Jackson node)
 */
public record InboundEvent(String messageName, String businessKey, Object payload, String source, String eventType,
                           long inboxId) {
}
