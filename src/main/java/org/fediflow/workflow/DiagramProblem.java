package org.fediflow.workflow;

/** One reason a diagram cannot be deployed; {@code elementId} is null when it concerns the whole file. */
public record DiagramProblem(String elementId, String message) {

    @Override
    public String toString() {
        return elementId == null ? message : elementId + ": " + message;
    }
}
