package org.fediflow.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.fediflow.testing.NodeProcess;
import org.fediflow.testing.Slow;
import org.fediflow.testing.TestDiagrams;
import org.junit.jupiter.api.Test;

/**
 * A first start with nothing configured, as the README's {@code java -jar} runs it: a JVM of its own (so no other
 * test's node can write into its log) in an empty working folder, no settings, so the defaults are used ({@code
 * ./data} for the database and the operator's diagrams). The shipped diagrams deploy and nothing is logged as a
 * warning or an error.
 */
@Slow
class QuietFirstStartProcessTest {

    @Test
    void aFirstStartWithNothingConfiguredLogsNoWarningAndNoError() throws Exception {
        Path data = TestDiagrams.tempFolder();
        String name = "first-start-" + System.nanoTime();
        // shipped=true only undoes the test classpath's config/application.yml; the jar has no such file.
        try (NodeProcess node = new NodeProcess(name, "--fediflow.bpmn.shipped=true").workingIn(data)) {
            node.start().awaitUp(Duration.ofMinutes(3));
            assertThat(node.http().get("/actuator/health").statusCode()).isEqualTo(200);
        }
        List<String> log = Files.readAllLines(Path.of("target", "nodes", name + ".log"));
        int started = indexOf(log, "Started FediflowApplication");
        assertThat(started).as("the start is in the log").isPositive();
        assertThat(log.subList(0, started)).as("what the first start logged").isNotEmpty()
                .noneMatch(line -> line.contains(" WARN ") || line.contains(" ERROR "));
        assertThat(log.subList(0, started)).as("the shipped diagrams were deployed")
                .anyMatch(line -> line.contains("report-to-moderators"));
        assertThat(data.resolve("data")).as("the defaults' data folder, in the working folder").isDirectory();
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
