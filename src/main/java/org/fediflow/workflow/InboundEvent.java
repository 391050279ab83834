package org.fediflow.workflow;

import java.util.Map;

/**
 * An accepted outside event, handed to the engine as the BPMN message {@code messageName}: it starts the
 * diagram whose start event waits for that message and reaches every run with the same business key that
 * waits for it.
 */
public record InboundEvent(String messageName, String businessKey, Map<String, Object> variables) {
}
