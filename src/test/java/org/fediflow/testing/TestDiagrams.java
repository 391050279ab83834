package org.fediflow.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A fresh diagrams folder holding the named test diagrams from {@code src/test/resources/test-bpmn}. */
public final class TestDiagrams {

    private TestDiagrams() {
    }

    public static Path folderWith(String... names) {
        try {
            return with(Files.createTempDirectory("fediflow-bpmn-"), names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh diagrams folder holding copies of the shipped diagrams ({@code bpmn/<name>}). */
    public static Path shipped(String... names) {
        try {
            Path dir = Files.createTempDirectory("fediflow-bpmn-");
            for (String name : names) {
                Files.copy(Path.of("bpmn", name), dir.resolve(name));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds the named test diagrams to a diagrams folder. */
    public static Path with(Path dir, String... names) {
        try {
            for (String name : names) {
                try (InputStream in = TestDiagrams.class.getResourceAsStream("/test-bpmn/" + name)) {
                    if (in == null) {
                        throw new IllegalArgumentException("no test diagram " + name);
                    }
                    Files.copy(in, dir.resolve(name));
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String read(String name) {
        try (InputStream in = TestDiagrams.class.getResourceAsStream("/test-bpmn/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path tempFolder() {
        try {
            return Files.createTempDirectory("fediflow-data-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
