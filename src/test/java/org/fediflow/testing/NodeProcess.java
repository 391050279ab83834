package org.fediflow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A Fediflow node in a JVM of its own (the test's classpath), so a test can kill it with SIGKILL mid-work and start
 * it again. Its output goes to {@code target/nodes/<name>.log}.
 */
public final class NodeProcess implements AutoCloseable {

    private final String name;
    private final int port;
    private final List<String> arguments;
    private Path workingDirectory;
    private Process process;

    public NodeProcess(String name, String... arguments) {
        this.name = name;
        this.port = Programs.freePort();
        this.arguments = List.of(arguments);
    }

    /** Runs the node in {@code folder}, so that its defaults ({@code ./data}) land there. */
    public NodeProcess workingIn(Path folder) {
        this.workingDirectory = folder;
        return this;
    }

    public NodeProcess start() {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-cp", classpath(), "org.fediflow.FediflowApplication",
                "--server.port=" + port, "--spring.jmx.enabled=false"));
        command.addAll(arguments);
        Path log = Path.of("target", "nodes", name + ".log");
        try {
            java.nio.file.Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toAbsolutePath().toFile()));
            if (workingDirectory != null) {
                builder.directory(workingDirectory.toFile());
            }
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Waits until {@code /actuator/health} answers 200. */
    public NodeProcess awaitUp(Duration within) {
        HttpClient client = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node " + name + " exited with " + process.exitValue() + "; see target/nodes/"
                        + name + ".log, which ends:\n" + logTail());
            }
            try {
                HttpResponse<Void> health = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/actuator/health")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        throw new IllegalStateException("node " + name + " not up within " + within + "; its log ends:\n" + logTail());
    }

    /** The last lines of this node's log that say why it stopped (CI keeps the test's output, not the file). */
    private String logTail() {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(Path.of("target", "nodes", name + ".log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** SIGKILL: no shutdown hook, no graceful stop, open transactions are left to the database to roll back. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int port() {
        return port;
    }

    public Http http() {
        return new Http(port);
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The test's classpath without empty entries: Surefire's has one, which a new JVM would read as the working
     * directory (the project root, whose {@code connectors/} would then be found twice).
     */
    private static String classpath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(entry -> !entry.isBlank()).map(entry -> Path.of(entry).toAbsolutePath().toString()).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
