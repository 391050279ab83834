package org.fediflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.fediflow.testing.TestDiagrams;
import org.junit.jupiter.api.Test;

/** A new installation's diagrams folder: the shipped diagrams to deploy, the examples beside them, undeployed. */
class DiagramsSeedTest {

    @Test
    void newFolderGetsTheShippedDiagramsAndTheExamplesInASubfolderThatIsNotDeployed() throws Exception {
        Path dir = TestDiagrams.tempFolder().resolve("bpmn");
        Diagrams diagrams = new Diagrams(null, null, new WorkflowProperties(new WorkflowProperties.Bpmn(dir, null), null, null), null);

        diagrams.seedIfMissing();

        assertThat(dir.resolve("report-to-moderators.bpmn")).exists();
        assertThat(dir.resolve("examples/uptime-kuma-to-slack.bpmn")).exists();
        assertThat(dir.resolve("examples/report-to-discord.bpmn")).hasSameTextualContentAs(Path.of("bpmn/examples/report-to-discord.bpmn"));
        assertThat(diagrams.files()).as("what the folder deploys").isNotEmpty()
                .allSatisfy(file -> assertThat(file.getParent()).isEqualTo(dir))
                .noneMatch(file -> file.getFileName().toString().equals("uptime-kuma-to-slack.bpmn"));
        assertThat(Files.list(dir.resolve("examples")).count()).isEqualTo(Files.list(Path.of("bpmn/examples")).count());
    }
}
