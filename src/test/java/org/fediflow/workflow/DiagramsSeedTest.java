package org.fediflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.fediflow.testing.TestDiagrams;
import org.junit.jupiter.api.Test;

/**
 * A new installation's diagrams folder: the examples in {@code examples/}, undeployed; the shipped diagrams themselves
 * come from the jar (ShippedDiagrams), so the folder holds only what the operator writes.
 */
class DiagramsSeedTest {

    @Test
    void newFolderGetsTheExamplesInASubfolderThatIsNotDeployed() throws Exception {
        Path dir = TestDiagrams.tempFolder().resolve("bpmn");
        Diagrams diagrams = new Diagrams(null, null,
                new WorkflowProperties(new WorkflowProperties.Bpmn(dir, null, true), null, null, null), null, null);

        diagrams.createFolder();

        assertThat(dir.resolve("report-to-moderators.bpmn")).as("shipped diagrams stay in the jar").doesNotExist();
        assertThat(dir.resolve("examples/uptime-kuma-to-slack.bpmn")).exists();
        assertThat(dir.resolve("examples/report-to-discord.bpmn")).hasSameTextualContentAs(Path.of("bpmn/examples/report-to-discord.bpmn"));
        assertThat(diagrams.files()).as("what the folder deploys").isEmpty();
        assertThat(Files.list(dir.resolve("examples")).count()).isEqualTo(Files.list(Path.of("bpmn/examples")).count());
    }

    @Test
    void anExistingFolderIsLeftAsItIs() throws Exception {
        Path dir = TestDiagrams.tempFolder().resolve("bpmn");
        Files.createDirectories(dir);
        Diagrams diagrams = new Diagrams(null, null,
                new WorkflowProperties(new WorkflowProperties.Bpmn(dir, null, true), null, null, null), null, null);

        diagrams.createFolder();

        assertThat(dir.resolve("examples")).doesNotExist();
    }
}
