package org.fediflow.workflow;

import java.util.List;

/** What happened to one diagram file handed to the engine. */
public sealed interface DeploymentOutcome {

    /** Deployed, or already deployed with the same content ({@code changed} false). */
    record Deployed(String key, int version, boolean changed) implements DeploymentOutcome {
    }

    /** Not deployed; the running versions stay as they were. */
    record Rejected(String file, List<DiagramProblem> problems) implements DeploymentOutcome {
    }
}
