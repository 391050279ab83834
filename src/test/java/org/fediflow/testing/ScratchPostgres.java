package org.fediflow.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.springframework.util.FileSystemUtils;

/**
 * A throw-away PostgreSQL server of its own, for what the machine's shared one must not be put through: checking
 * passwords (the machine's trusts every role) and being stopped and started again. {@code initdb} into a temporary
 * directory and {@code pg_ctl} on a free loopback port, both from the machine's PostgreSQL server package;
 * {@code initdb} refuses to run as root, so as root they run as the {@code postgres} user.
 */
public final class ScratchPostgres implements AutoCloseable {

    public static final String USER = "postgres";
    public final String password = "pw-" + UUID.randomUUID();

    private final Path dir;
    private final Path data;
    private final Path bin;
    private final int port;

    /** A server that trusts local logins ({@code passwords} false) or checks them with scram-sha-256. */
    public ScratchPostgres(boolean passwords) throws IOException {
        bin = serverBin();
        dir = Files.createTempDirectory("fediflow-pg-");
        data = dir.resolve("data");
        Path passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, password + "\n");
        if (runningAsRoot()) {
            UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER);
            Files.setOwner(dir, postgres);
            Files.setOwner(passwordFile, postgres);
        }
        run(List.of(bin.resolve("initdb").toString(), "--pgdata=" + data, "--username=" + USER,
                "--auth=" + (passwords ? "scram-sha-256" : "trust"), "--pwfile=" + passwordFile, "--encoding=UTF8", "--no-sync"));
        port = Programs.freePort();
        start();
    }

    /**
     * A server that lives until the test JVM exits: for a Spring context that Spring closes after the test class,
     * later than the class's own {@code @AfterAll}.
     */
    public static ScratchPostgres untilExit(boolean passwords) {
        try {
            ScratchPostgres server = new ScratchPostgres(passwords);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // best effort at exit
                }
            }));
            return server;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Starts the server (again) on its port. */
    public void start() throws IOException {
        run(List.of(bin.resolve("pg_ctl").toString(), "--pgdata=" + data, "--wait", "--log=" + dir.resolve("log"),
                "--options=-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
    }

    /** Stops the server as an operator would ({@code pg_ctl stop}, fast mode: open sessions are ended). */
    public void stop() throws IOException {
        run(List.of(bin.resolve("pg_ctl").toString(), "--pgdata=" + data, "--wait", "--mode=fast", "stop"));
    }

    /** The JDBC URL of the {@code postgres} database. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public int port() {
        return port;
    }

    /** A libpq URI for the {@code postgres} database with the given password. */
    public String url(String withPassword) {
        return "postgresql://" + USER + ":" + withPassword + "@127.0.0.1:" + port + "/postgres";
    }

    @Override
    public void close() throws IOException {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "--pgdata=" + data, "--mode=immediate", "stop"));
        } catch (IOException alreadyStopped) {
            // a test that stopped it and failed before starting it again
        } finally {
            FileSystemUtils.deleteRecursively(dir);
        }
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(List<String> argv) throws IOException {
        List<String> command = new ArrayList<>();
        if (runningAsRoot()) {
            command.addAll(List.of("runuser", "-u", USER, "--"));
        }
        command.addAll(argv);
        Programs.run(command);
    }

    /** The newest installed server's bin directory ({@code /usr/lib/postgresql/<major>/bin}). */
    private static Path serverBin() throws IOException {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString())))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL server under /usr/lib/postgresql"));
        }
    }
}
