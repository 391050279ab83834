import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Soak of bounded history on PostgreSQL: N report runs (report.created, then report.updated with action_taken, through
 * the shipped report-to-moderators diagram, Slack played by this program) are run to their end with pruning off; the
 * database is measured (size, rows and bytes per run); then the node restarts with every retention period at 1 s,
 * its first pruning round deletes them while new reports arrive at a steady rate, and the report latency (webhook to
 * chat.postMessage) during the round is compared with the same load without pruning.
 *
 *   java -cp postgresql.jar bench/RetentionSoak.java --jar target/fediflow.jar --runs 100000 --rate 40
 *
 * Options: --runs N, --rate R (report runs per second sent in the fill), --probe-rate P (reports per second during the
 * latency phases, default 5), --probe-seconds S (baseline phase, default 60), --port, --slack-port, --keep (keep the
 * database), --metrics-token T (for a Prometheus scraping the node).
 */
public class RetentionSoak {

    static final Pattern REPORT = Pattern.compile("Report #(\\d+)");
    static final Pattern PRUNED = Pattern.compile("retention: deleted (\\d+) runs, (\\d+) deliveries, (\\d+) Slack message records in (\\d+) ms");
    static final Map<String, Long> SENT = new ConcurrentHashMap<>();
    static final Map<String, Long> POSTED = new ConcurrentHashMap<>();
    static final AtomicLong TS = new AtomicLong();
    static final String SECRET = "soak-webhook-secret-0123";
    static final String DB_HOST = "jdbc:postgresql://127.0.0.1:5432/";

    static Map<String, String> o = new LinkedHashMap<>();
    static HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--keep")) {
                o.put("keep", "true");
            } else {
                o.put(args[i].substring(2), args[++i]);
            }
        }
        int runs = Integer.parseInt(o.getOrDefault("runs", "100000"));
        int rate = Integer.parseInt(o.getOrDefault("rate", "40"));
        int probeRate = Integer.parseInt(o.getOrDefault("probe-rate", "5"));
        int probeSeconds = Integer.parseInt(o.getOrDefault("probe-seconds", "60"));
        int port = Integer.parseInt(o.getOrDefault("port", "18180"));
        int slackPort = Integer.parseInt(o.getOrDefault("slack-port", "18199"));
        String jar = o.getOrDefault("jar", "target/fediflow.jar");
        String db = "fediflow_soak_" + ProcessHandle.current().pid();
        String url = "http://127.0.0.1:" + port;

        HttpServer slack = HttpServer.create(new InetSocketAddress("127.0.0.1", slackPort), 128);
        slack.createContext("/api/", RetentionSoak::slack);
        slack.setExecutor(Executors.newFixedThreadPool(8));
        slack.start();
        sql("postgres", "CREATE DATABASE " + db);
        Path work = Files.createTempDirectory("fediflow-soak");
        Files.createDirectories(work.resolve("bpmn"));
        Files.copy(Path.of("bpmn/report-to-moderators.bpmn"), work.resolve("bpmn/report-to-moderators.bpmn"));
        System.out.printf("soak: %d report runs at %d/s into database %s (%s)%n", runs, rate, db, Instant.now());

        Process node = start(jar, work, "fill", port, slackPort, db, false);
        long emptySize = size(db);
        long fillStarted = System.nanoTime();
        fill(url, runs, rate);
        waitUntil("all runs ended", Duration.ofHours(3), () -> count(db,
                "SELECT COUNT(*) FROM act_hi_procinst WHERE end_time_ IS NOT NULL") >= runs);
        double fillSeconds = (System.nanoTime() - fillStarted) / 1e9;
        System.out.printf("fill: %d runs ended in %.0f s (%.1f runs/s)%n", runs, fillSeconds, runs / fillSeconds);
        sql(db, "VACUUM ANALYZE");
        long fullSize = size(db);
        Map<String, long[]> tables = tables(db);
        System.out.printf("database: %s empty, %s with %d ended runs: %s per run%n", mib(emptySize), mib(fullSize), runs,
                bytes((fullSize - emptySize) / runs));
        System.out.println("per run, by table (rows, bytes incl. indexes and TOAST):");
        long rowsPerRun = 0;
        for (Map.Entry<String, long[]> t : tables.entrySet()) {
            if (t.getValue()[0] >= runs / 10) {
                System.out.printf("  %-24s %6.2f rows  %8s%n", t.getKey(), t.getValue()[0] / (double) runs,
                        bytes(t.getValue()[1] / runs));
                rowsPerRun += t.getValue()[0];
            }
        }
        System.out.printf("  %-24s %6.2f rows%n", "total", rowsPerRun / (double) runs);

        List<long[]> baseline = probe(url, probeRate, probeSeconds);
        stop(node);

        // The same node again with every period at 1 s. Its first round is made due about 3.5 minutes after the start
        // (the last round marked as just done, interval 4 min), so the node is warm under the probe load before the
        // round deletes the fill: before, during and after the round compare like with like.
        sql(db, "UPDATE retention_claim SET claimed_at = now() WHERE name = 'prune'");
        Process pruning = start(jar, work, "prune", port, slackPort, db, true);
        List<long[]> during = new ArrayList<>();
        Matcher round = null;
        long roundEnd = 0;
        long deadline = System.currentTimeMillis() + TimeUnit.MINUTES.toMillis(90);
        while (round == null && System.currentTimeMillis() < deadline) {
            during.addAll(probe(url, probeRate, 10));
            Matcher m = PRUNED.matcher(Files.readString(work.resolve("prune.log")));
            if (m.find()) {
                round = m;
                roundEnd = Files.getLastModifiedTime(work.resolve("prune.log")).toMillis();
            }
        }
        if (round == null) {
            throw new IllegalStateException("no pruning round logged; see " + work.resolve("prune.log"));
        }
        during.addAll(probe(url, probeRate, 20));
        long took = Long.parseLong(round.group(4));
        long roundStart = roundEnd - took;
        // Latencies of reports sent before the round (the node warming up), while it ran, and after it (same load).
        List<Long> before = new ArrayList<>();
        List<Long> inRound = new ArrayList<>();
        List<Long> after = new ArrayList<>();
        for (long[] p : during) {
            (p[0] < roundStart ? before : p[0] <= roundEnd ? inRound : after).add(p[1]);
        }
        stop(pruning);
        long prunedSize = size(db);
        long left = count(db, "SELECT COUNT(*) FROM act_hi_procinst");
        long leftOpen = count(db, "SELECT COUNT(*) FROM act_hi_procinst WHERE end_time_ IS NULL");
        sql(db, "VACUUM FULL");
        long compactSize = size(db);

        System.out.printf("pruning round: %s runs, %s deliveries, %s Slack records deleted in %.1f s (%.0f runs/s)%n",
                round.group(1), round.group(2), round.group(3), took / 1000.0, Long.parseLong(round.group(1)) / (took / 1000.0));
        System.out.printf("database: %s before pruning, %s right after (space reusable, files not shrunk), %s after VACUUM FULL%n",
                mib(fullSize), mib(prunedSize), mib(compactSize));
        System.out.printf("runs left: %d, all open (%d): the reports sent to measure latency, waiting for a moderator%n",
                left, leftOpen);
        System.out.printf("report latency at %d/s, p50 / p99 / max (ms): first node, warm, no pruning %s (n=%d); "
                + "restarted node before the round %s (n=%d); during the round %s (n=%d); after it %s (n=%d)%n",
                probeRate, pct(lat(baseline)), baseline.size(), pct(before), before.size(), pct(inRound), inRound.size(),
                pct(after), after.size());
        if (!o.containsKey("keep")) {
            sql("postgres", "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
        slack.stop(0);
        System.exit(0);
    }

    static Process start(String jar, Path work, String name, int port, int slackPort, String db, boolean prune)
            throws Exception {
        List<String> argv = new ArrayList<>(List.of("java", "-Xmx512m", "-jar", Path.of(jar).toAbsolutePath().toString(),
                "--server.port=" + port, "--fediflow.admin.password=soak-admin",
                "--spring.datasource.url=" + DB_HOST + db, "--spring.datasource.username=postgres",
                "--spring.datasource.password=", "--fediflow.mastodon.webhook-secret=" + SECRET,
                "--fediflow.mastodon.base-url=https://mastodon.example",
                "--fediflow.slack.api-url=http://127.0.0.1:" + slackPort + "/api/", "--fediflow.slack.bot-token=xoxb-soak",
                "--fediflow.slack.channels.moderation=C0SOAK", "--fediflow.alerts.enabled=false",
                "--fediflow.bpmn.dir=" + work.resolve("bpmn"), "--fediflow.retention.enabled=" + prune));
        if (prune) {
            argv.addAll(List.of("--fediflow.retention.runs=1s", "--fediflow.retention.deliveries=1s",
                    "--fediflow.retention.slack-messages=1s", "--fediflow.retention.interval=4m"));
        }
        if (o.containsKey("metrics-token")) {
            argv.add("--fediflow.metrics.token=" + o.get("metrics-token"));
        }
        Process process = new ProcessBuilder(argv).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile()).start();
        waitUntil("node ready", Duration.ofMinutes(5), () -> {
            try {
                return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        return process;
    }

    static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** N report runs: each report created and, right after, resolved in Mastodon's UI (the inbox keeps their order). */
    static void fill(String url, int runs, int rate) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(16);
        long base = System.currentTimeMillis() * 10;
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            long wait = start + (long) (i * (1e9 / rate)) - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            String id = String.valueOf(base + i);
            int n = i;
            senders.submit(() -> {
                send(url, report("report.created", id, false), true);
                if (n % 50 == 0) {
                    send(url, report("report.created", id, false), true); // a sender's retry: a duplicate
                }
                if (n % 100 == 0) {
                    send(url, report("report.created", id, false), false); // a forged one: refused
                }
                send(url, report("report.updated", id, true), true);
            });
            if (i > 0 && i % 10_000 == 0) {
                System.out.printf("  sent %d (%s)%n", i, Instant.now());
            }
        }
        senders.shutdown();
        senders.awaitTermination(1, TimeUnit.HOURS);
    }

    /** Open reports at a steady rate for some seconds: [sent at (epoch ms), webhook to Slack card (ms)] each. */
    static List<long[]> probe(String url, int rate, int seconds) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(8);
        long base = System.currentTimeMillis() * 10 + 7_000_000;
        Map<String, Long> sentAt = new LinkedHashMap<>();
        long start = System.nanoTime();
        for (int i = 0; i < rate * seconds; i++) {
            long wait = start + (long) (i * (1e9 / rate)) - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            String id = String.valueOf(base + i);
            sentAt.put(id, System.currentTimeMillis());
            SENT.put(id, System.nanoTime());
            senders.submit(() -> send(url, report("report.created", id, false), true));
        }
        senders.shutdown();
        senders.awaitTermination(5, TimeUnit.MINUTES);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!POSTED.keySet().containsAll(sentAt.keySet()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        List<long[]> out = new ArrayList<>();
        sentAt.forEach((id, at) -> {
            Long posted = POSTED.get(id);
            out.add(new long[] {at, posted == null ? Long.MAX_VALUE : (posted - SENT.get(id)) / 1_000_000});
        });
        return out;
    }

    static String report(String event, String id, boolean resolved) {
        return "{\"event\":\"" + event + "\",\"created_at\":\"2026-11-28T10:00:00.000Z\",\"object\":{\"id\":\"" + id
                + "\",\"action_taken\":" + resolved + ",\"category\":\"spam\",\"comment\":\"buy followers <!channel>\",\"forwarded\":false,"
                + "\"created_at\":\"2026-11-28T09:59:00.000Z\",\"account\":{\"id\":\"1\",\"username\":\"alice\",\"domain\":null,"
                + "\"account\":{\"acct\":\"alice\"}},\"target_account\":{\"id\":\"2\",\"username\":\"spammer\",\"domain\":\"spam.example\","
                + "\"created_at\":\"2026-11-01T00:00:00.000Z\",\"account\":{\"acct\":\"spammer@spam.example\"}},"
                + "\"assigned_account\":null,\"action_taken_by_account\":" + (resolved ? "{\"id\":\"3\",\"username\":\"mod\"}" : "null") + ","
                + "\"statuses\":[{\"id\":\"9\",\"content\":\"<p>cheap followers</p>\",\"url\":\"https://spam.example/@spammer/9\","
                + "\"media_attachments\":[]}],\"rules\":[{\"id\":\"1\",\"text\":\"No spam\"}]}}";
    }

    static void send(String url, String body, boolean signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec((signed ? SECRET : "forged").getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
            for (int attempt = 0; attempt < 5; attempt++) {
                int status = client.send(HttpRequest.newBuilder(URI.create(url + "/webhooks/mastodon")).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json").header("X-Hub-Signature", signature)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status != 503) {
                    return;
                }
                Thread.sleep(1000);
            }
        } catch (Exception e) {
            System.err.println("send: " + e);
        }
    }

    /** Slack's Web API as far as the diagram needs it. */
    static void slack(HttpExchange exchange) throws IOException {
        long now = System.nanoTime();
        String method = exchange.getRequestURI().getPath().substring("/api/".length());
        String form;
        try (InputStream in = exchange.getRequestBody()) {
            form = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String answer;
        if (method.equals("chat.postMessage")) {
            String text = field(form, "text");
            Matcher m = REPORT.matcher(text == null ? "" : text);
            if (m.find() && field(form, "thread_ts") == null) {
                POSTED.putIfAbsent(m.group(1), now);
            }
            answer = "{\"ok\":true,\"channel\":\"" + field(form, "channel") + "\",\"ts\":\"1752228000." + TS.incrementAndGet() + "\"}";
        } else {
            answer = "{\"ok\":true,\"channel\":\"C0SOAK\",\"ts\":\"1752228000.1\",\"messages\":[]}";
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    static String field(String form, String name) {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitUntil(String what, Duration limit, Check check) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for: " + what);
            }
            Thread.sleep(500);
        }
    }

    static Connection connect(String db) throws SQLException {
        return DriverManager.getConnection(DB_HOST + db, "postgres", "");
    }

    static void sql(String db, String sql) throws SQLException {
        try (Connection c = connect(db); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static long count(String db, String sql) throws SQLException {
        try (Connection c = connect(db); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    static long size(String db) throws SQLException {
        return count(db, "SELECT pg_database_size(current_database())");
    }

    /** Rows and bytes (with indexes and TOAST) per table, largest first. */
    static Map<String, long[]> tables(String db) throws SQLException {
        Map<String, long[]> out = new LinkedHashMap<>();
        try (Connection c = connect(db); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT relname, n_live_tup, pg_total_relation_size(relid) FROM pg_stat_user_tables "
                        + "ORDER BY pg_total_relation_size(relid) DESC")) {
            while (r.next()) {
                out.put(r.getString(1), new long[] {r.getLong(2), r.getLong(3)});
            }
        }
        return out;
    }

    static List<Long> lat(List<long[]> probes) {
        List<Long> out = new ArrayList<>();
        probes.forEach(p -> out.add(p[1]));
        return out;
    }

    static String pct(List<Long> values) {
        if (values.isEmpty()) {
            return "-";
        }
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(Long::compare);
        long lost = sorted.stream().filter(v -> v == Long.MAX_VALUE).count();
        return at(sorted, 50) + " / " + at(sorted, 99) + " / " + (lost > 0 ? "lost " + lost : sorted.get(sorted.size() - 1));
    }

    static long at(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / 1048576.0);
    }

    static String bytes(long bytes) {
        return bytes >= 10240 ? String.format("%.1f KiB", bytes / 1024.0) : bytes + " B";
    }
}
