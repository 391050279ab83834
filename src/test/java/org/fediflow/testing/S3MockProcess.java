package org.fediflow.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Adobe S3Mock as a separate process (its exec jar, copied to target/s3mock by the build), so its Spring Boot
 * settings stay out of ours. One bucket is created at start; {@link #stop()} makes the bucket unreachable.
 */
public final class S3MockProcess implements AutoCloseable {

    public static final String BUCKET = "fediflow-backups";
    private final int port;
    private final Path root;
    private Process process;

    public S3MockProcess() throws IOException {
        port = Programs.freePort();
        root = Files.createTempDirectory("s3mock");
        start();
    }

    public void start() throws IOException {
        Path jar = Path.of("target/s3mock/s3mock.jar");
        process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "--http.port=" + port, "--server.port=0",
                "--com.adobe.testing.s3mock.store.initial-buckets=" + BUCKET,
                "--com.adobe.testing.s3mock.store.root=" + root, "--com.adobe.testing.s3mock.store.retain-files-on-exit=true",
                "--com.adobe.testing.s3mock.max-payload-size=64MB")
                .redirectErrorStream(true).redirectOutput(root.resolveSibling(root.getFileName() + ".log").toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(endpoint() + "/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        throw new IOException("S3Mock did not start; see " + root + ".log");
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** An outage: the process is gone until {@link #start()}. */
    public void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
