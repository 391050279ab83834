import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
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
 * Many reports awaiting a moderator: does routing slow down, or the heap grow, with the number of waiting runs?
 * Fediflow runs the shipped report-to-moderators diagram on PostgreSQL; this program plays Slack and
 *
 *  1. probes: PROBE reports at RATE/s, each timed from the webhook to its Slack card (the run started, the card
 *     rendered and posted), then the heap after a full collection (jcmd GC.run, GC.heap_info);
 *  2. fills: WAITING more reports from 8 senders, waiting until every card is posted, and counts the database's
 *     writes meanwhile (pg_stat_user_tables: rows inserted + updated + deleted) and its growth (pg_database_size):
 *     rows written and bytes stored per report run;
 *  3. probes again, with WAITING more runs waiting.
 *
 *   java bench/WaitingRunsBench.java --url http://127.0.0.1:18180 --secret S --slack-port 18199 --pid PID \
 *        --jcmd /usr/lib/jvm/.../bin/jcmd --database fediflow_x --waiting 3000 --probe 100 --rate 10
 *
 * Every report stays open (nobody resolves it), so each run waits at its event gateway with its message
 * subscriptions and timer, as real reports wait for a moderator.
 */
public class WaitingRunsBench {

    static final Pattern REPORT = Pattern.compile("Report #(\\d+)");
    static final Map<String, Long> SENT = new ConcurrentHashMap<>();
    static final Map<String, Long> POSTED = new ConcurrentHashMap<>();
    static final AtomicLong TS = new AtomicLong();
    static final AtomicLong NEXT = new AtomicLong(System.currentTimeMillis() * 10);

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].substring(2), args[i + 1]);
        }
        String url = o.getOrDefault("url", "http://127.0.0.1:18180");
        String secret = o.get("secret");
        String pid = o.get("pid");
        String jcmd = o.getOrDefault("jcmd", "jcmd");
        String database = o.get("database");
        int waiting = Integer.parseInt(o.getOrDefault("waiting", "3000"));
        int probe = Integer.parseInt(o.getOrDefault("probe", "100"));
        int rate = Integer.parseInt(o.getOrDefault("rate", "10"));
        HttpServer slack = HttpServer.create(new InetSocketAddress("127.0.0.1",
                Integer.parseInt(o.getOrDefault("slack-port", "18199"))), 64);
        slack.createContext("/api/", WaitingRunsBench::slack);
        slack.setExecutor(Executors.newFixedThreadPool(8));
        slack.start();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        long[] first = probe(client, url, secret, probe, rate);
        double heapFirst = heapAfterGc(jcmd, pid);
        System.out.printf("waiting %d: report -> Slack p50=%d ms p99=%d ms; heap after full GC %.1f MiB%n", probe,
                first[0], first[1], heapFirst);

        long[] before = database(database);
        long t0 = System.nanoTime();
        List<String> ids = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        for (int i = 0; i < waiting; i++) {
            String id = String.valueOf(NEXT.incrementAndGet());
            ids.add(id);
            senders.submit(() -> send(client, url, secret, id));
        }
        senders.shutdown();
        senders.awaitTermination(30, TimeUnit.MINUTES);
        awaitPosted(ids, TimeUnit.MINUTES.toNanos(15));
        double fillSeconds = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(1500); // PostgreSQL publishes its table statistics within a second of each transaction
        long[] after = database(database);
        long posted = ids.stream().filter(POSTED::containsKey).count();
        System.out.printf("filled %d reports (%d posted) in %.1f s -> %.0f report runs/s%n", waiting, posted, fillSeconds,
                posted / fillSeconds);
        System.out.printf("per report run: rows written %.1f (inserted %.1f, updated %.1f, deleted %.1f), bytes stored %.0f%n",
                (after[0] + after[1] + after[2] - before[0] - before[1] - before[2]) / (double) waiting,
                (after[0] - before[0]) / (double) waiting, (after[1] - before[1]) / (double) waiting,
                (after[2] - before[2]) / (double) waiting, (after[3] - before[3]) / (double) waiting);

        long[] second = probe(client, url, secret, probe, rate);
        double heapSecond = heapAfterGc(jcmd, pid);
        System.out.printf("waiting %d: report -> Slack p50=%d ms p99=%d ms; heap after full GC %.1f MiB%n",
                probe * 2 + waiting, second[0], second[1], heapSecond);
        System.out.printf("heap per waiting run: %.2f KiB (%+.1f MiB for %d more waiting runs)%n",
                (heapSecond - heapFirst) * 1024 / (waiting + probe), heapSecond - heapFirst, waiting + probe);
        slack.stop(0);
        System.exit(0);
    }

    /** @return p50 and p99 (ms) of PROBE reports sent at RATE/s */
    static long[] probe(HttpClient client, String url, String secret, int count, int rate) throws Exception {
        List<String> ids = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long wait = start + (long) (i * (1e9 / rate)) - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            String id = String.valueOf(NEXT.incrementAndGet());
            ids.add(id);
            senders.submit(() -> send(client, url, secret, id));
        }
        senders.shutdown();
        senders.awaitTermination(5, TimeUnit.MINUTES);
        awaitPosted(ids, TimeUnit.SECONDS.toNanos(120));
        List<Long> latencies = new ArrayList<>();
        for (String id : ids) {
            Long posted = POSTED.get(id);
            if (posted != null) {
                latencies.add((posted - SENT.get(id)) / 1_000_000);
            }
        }
        latencies.sort(Long::compare);
        if (latencies.size() < ids.size()) {
            System.out.printf("probe: %d of %d cards posted%n", latencies.size(), ids.size());
        }
        return latencies.isEmpty() ? new long[] {-1, -1} : new long[] {pct(latencies, 50), pct(latencies, 99)};
    }

    static void awaitPosted(List<String> ids, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (!POSTED.keySet().containsAll(ids) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    /** Used heap (MiB) after a full collection, from jcmd's GC.heap_info (G1, Serial or Parallel). */
    static double heapAfterGc(String jcmd, String pid) throws Exception {
        run(jcmd, pid, "GC.run");
        String info = run(jcmd, pid, "GC.heap_info");
        int metaspace = info.indexOf("Metaspace");
        String heap = metaspace < 0 ? info : info.substring(0, metaspace);
        // G1 prints one "used" for the whole heap (then its regions); Serial and Parallel one per generation.
        Matcher used = Pattern.compile("used (\\d+)K").matcher(heap);
        long kib = 0;
        while (used.find()) {
            kib += Long.parseLong(used.group(1));
            if (heap.contains("garbage-first")) {
                break;
            }
        }
        return kib / 1024.0;
    }

    /** Rows inserted, updated, deleted in every table, and the database's size in bytes. */
    static long[] database(String name) throws Exception {
        String out = run("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", name, "-At", "-F", " ", "-c",
                "SELECT sum(n_tup_ins), sum(n_tup_upd), sum(n_tup_del), pg_database_size(current_database()) "
                        + "FROM pg_stat_user_tables").trim();
        String[] f = out.split(" ");
        return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])};
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + out);
        }
        return out;
    }

    static void send(HttpClient client, String url, String secret, String id) {
        String body = "{\"event\":\"report.created\",\"created_at\":\"2026-11-28T10:00:00.000Z\",\"object\":{\"id\":\"" + id
                + "\",\"action_taken\":false,\"category\":\"spam\",\"comment\":\"buy followers <!channel>\",\"forwarded\":false,"
                + "\"created_at\":\"2026-11-28T09:59:00.000Z\",\"account\":{\"id\":\"1\",\"username\":\"alice\",\"domain\":null,"
                + "\"account\":{\"acct\":\"alice\"}},\"target_account\":{\"id\":\"2\",\"username\":\"spammer\",\"domain\":\"spam.example\","
                + "\"created_at\":\"2026-11-01T00:00:00.000Z\",\"account\":{\"acct\":\"spammer@spam.example\"}},"
                + "\"assigned_account\":null,\"action_taken_by_account\":null,"
                + "\"statuses\":[{\"id\":\"9\",\"content\":\"<p>cheap followers</p>\",\"url\":\"https://spam.example/@spammer/9\","
                + "\"media_attachments\":[]}],\"rules\":[{\"id\":\"1\",\"text\":\"No spam\"}]}}";
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
            SENT.put(id, System.nanoTime());
            client.send(HttpRequest.newBuilder(URI.create(url + "/webhooks/mastodon")).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("X-Hub-Signature", signature)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            System.err.println("send " + id + ": " + e);
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
        } else if (method.equals("auth.test")) {
            answer = "{\"ok\":true,\"team_id\":\"T0\",\"user_id\":\"U0\",\"bot_id\":\"B0\"}";
        } else {
            answer = "{\"ok\":true,\"channel\":\"C0\",\"ts\":\"1752228000.1\"}";
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

    static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
