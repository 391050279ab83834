package org.fediflow.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.fediflow.workflow.DiagramRuns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every path of the shipped {@code bpmn/release-watch.bpmn} on a bare engine with stub connectors. */
class ReleaseWatchDiagramTest {

    static final DiagramRuns FLOWS = DiagramRuns.of("release-watch.bpmn");

    @AfterAll
    static void close() {
        FLOWS.close();
    }

    @BeforeEach
    void stubs() {
        FLOWS.reset();
        FLOWS.answer("mastodon.get-instance", Map.of("domain", "example.social", "version", "4.3.1"));
    }

    @Test
    void aNewerStableReleaseStartsItsRollout() {
        FLOWS.answer("upgrade.find-releases", Map.of("running", "4.3.1", "target", new Release("4.3.2",
                "2026-11-30T10:00:00Z", false, "patch", "https://github.com/mastodon/mastodon/releases/tag/v4.3.2")));
        FLOWS.answer("upgrade.start-rollout", Map.of("started", true, "runId", "r1"));

        var run = FLOWS.fireStartTimer("release-watch");

        assertThat(run.steps()).containsExactly("running", "find", "start");
        assertThat(run.inputsOf("find").get(0).path("runningVersion").asString()).isEqualTo("4.3.1");
        assertThat(run.inputsOf("start").get(0).path("release").path("version").asString()).isEqualTo("4.3.2");
        assertThat(run.endEvents()).containsExactly("handedOver");
    }

    @Test
    void upToDateEndsWithoutStartingAnything() {
        FLOWS.answer("upgrade.find-releases", Map.of("running", "4.3.1"));

        var run = FLOWS.start("release-watch", null, Map.of());

        assertThat(run.steps()).containsExactly("running", "find");
        assertThat(run.endEvents()).containsExactly("upToDate");
    }
}
