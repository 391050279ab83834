package org.fediflow.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.fediflow.workflow.DiagramRuns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every path of the shipped {@code bpmn/backup.bpmn} and {@code bpmn/restore-drill.bpmn} with stub connectors. */
class BackupDiagramsTest {

    static final DiagramRuns FLOWS = DiagramRuns.of("backup.bpmn", "restore-drill.bpmn");

    @AfterAll
    static void close() {
        FLOWS.close();
    }

    @BeforeEach
    void stubs() {
        FLOWS.reset();
        FLOWS.answer("backup.begin", Map.of("folder", "2026-12-01T1200Z", "startedAt", "2026-12-01T12:00:00Z"));
        FLOWS.answer("backup.retention", Map.of("deleted", List.of("2026-11-01T0000Z")));
        FLOWS.answer("backup.summary", input -> Map.of("text", "Backup " + input.path("folder").asString() + " done, "
                + input.path("deleted").size() + " deleted"));
        FLOWS.answer("backup.restore-drill", Map.of("passed", true, "folder", "2026-12-01T1200Z",
                "text", "Restore drill passed"));
    }

    static void assertOneWholeBackup(DiagramRuns.Run run) {
        assertThat(run.steps()).hasSize(9);
        assertThat(run.steps().subList(0, 1)).containsExactly("begin");
        assertThat(run.steps().subList(1, 4)).containsExactlyInAnyOrder("dumpPostgres", "dumpRedis", "dumpFediflow");
        assertThat(run.steps().subList(4, 9)).containsExactly("manifest", "media", "retention", "summarize", "report");
        assertThat(run.inputsOf("dumpPostgres").get(0).path("kind").asString()).isEqualTo("postgres");
        assertThat(run.inputsOf("dumpRedis").get(0).path("kind").asString()).isEqualTo("redis");
        assertThat(run.inputsOf("dumpFediflow").get(0).path("kind").asString()).isEqualTo("fediflow");
        assertThat(run.inputsOf("dumpPostgres").get(0).path("folder").asString()).isEqualTo("2026-12-01T1200Z");
        assertThat(run.inputsOf("manifest").get(0).path("startedAt").asString()).isEqualTo("2026-12-01T12:00:00Z");
        assertThat(run.inputsOf("summarize").get(0).path("deleted").get(0).asString()).isEqualTo("2026-11-01T0000Z");
        assertThat(run.inputsOf("report").get(0).path("channel").asString()).isEqualTo("ops");
        assertThat(run.inputsOf("report").get(0).path("text").asString())
                .isEqualTo("Backup 2026-12-01T1200Z done, 1 deleted");
        assertThat(run.endEvents()).containsExactly("done");
    }

    @Test
    void aBackupStartedByHandDumpsTheStoresInParallelThenWritesTheManifestSyncsMediaPrunesAndReports() {
        assertOneWholeBackup(FLOWS.start("backup", null, Map.of()));
    }

    @Test
    void theScheduleStartsTheSameBackup() {
        assertOneWholeBackup(FLOWS.fireStartTimer("backup"));
    }

    @Test
    void slashFediflowBackupInSlackStartsTheSameBackup() {
        assertOneWholeBackup(FLOWS.startByMessage("slack.command.backup", null, Map.of("user", "U0MODERATOR")));
    }

    @Test
    void aRestoreDrillRestoresTheNewestBackupAndReportsToOps() {
        for (DiagramRuns.Run run : List.of(FLOWS.start("restore-drill", null, Map.of()),
                FLOWS.fireStartTimer("restore-drill"))) {
            assertThat(run.steps()).containsExactly("drill", "report");
            assertThat(run.inputsOf("report").get(0).path("channel").asString()).isEqualTo("ops");
            assertThat(run.inputsOf("report").get(0).path("text").asString()).isEqualTo("Restore drill passed");
            assertThat(run.endEvents()).containsExactly("done");
        }
    }
}
