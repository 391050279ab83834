package org.fediflow.upgrade;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The steps of a rollout, by the name the diagram gives them in {@code upgrade.step}'s {@code action}. */
enum RolloutAction {
    PULL("pull"),
    PRE_MIGRATE("pre-migrate"),
    RESTART_WEB("restart-web"),
    RESTART_SIDEKIQ("restart-sidekiq"),
    RESTART_STREAMING("restart-streaming"),
    POST_MIGRATE("post-migrate"),
    EXTRA("extra"),
    VERIFY("verify"),
    ROLLBACK("rollback");

    /** The names, in order, as the diagram writes them. */
    static final List<String> NAMES = Arrays.stream(values()).map(RolloutAction::label).toList();

    private final String label;

    RolloutAction(String label) {
        this.label = label;
    }

    /** The name the diagram and the rollout state use. */
    String label() {
        return label;
    }

    static Optional<RolloutAction> named(String name) {
        return Arrays.stream(values()).filter(a -> a.label.equals(name)).findFirst();
    }

    boolean isRestart() {
        return this == RESTART_WEB || this == RESTART_SIDEKIQ || this == RESTART_STREAMING;
    }

    /** Pull and the restarts run on the step's host; the others on the plan's management host. */
    boolean onStepHost() {
        return this == PULL || isRestart();
    }

    /**
     * Whether a success is recorded as done (and so skipped when run again). A restart is done only once its
     * health check passes ({@code upgrade.check-health}); a roll back may always be asked again.
     */
    boolean recordedWhenDone() {
        return this != ROLLBACK && !isRestart();
    }
}
