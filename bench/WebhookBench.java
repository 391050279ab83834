import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Posts signed Mastodon report.created webhooks at a running Fediflow and reports accepted/s, accept latency
 * (p50/p99), then waits for the dispatcher and reports processed/s and the lag. Plain Java, no dependencies:
 *
 *   java bench/WebhookBench.java --url http://127.0.0.1:8080 --secret S --admin admin:PW \
 *        --mode burst --count 20000 --concurrency 32 [--duplicates]
 *   java bench/WebhookBench.java ... --mode rate --rate 200 --seconds 30
 *   java bench/WebhookBench.java ... --mode burst --seconds 20 --concurrency 32   (a burst of a fixed length)
 *   add --no-wait against a node started with fediflow.inbox.threads=0 to measure acceptance alone
 *   add --done-log app.log to count an event processed only when its run's core.log step wrote its line
 *   ("] report RUN-N"), not when the dispatcher handed it over
 *   --url http://127.0.0.1:18080,http://127.0.0.1:18081 spreads the requests over two nodes
 */
public class WebhookBench {

    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        String url = o.getOrDefault("url", "http://127.0.0.1:8080");
        String secret = o.get("secret");
        String admin = o.get("admin");
        String mode = o.getOrDefault("mode", "burst");
        boolean duplicates = o.containsKey("duplicates");
        String run = UUID.randomUUID().toString().substring(0, 8);

        Map<String, Long> before = inboxStats(url, admin);
        long t0 = System.nanoTime();
        Result result = mode.equals("rate")
                ? atRate(url, secret, run, Integer.parseInt(o.getOrDefault("rate", "200")),
                        Integer.parseInt(o.getOrDefault("seconds", "30")), duplicates)
                : burst(url, secret, run, Integer.parseInt(o.getOrDefault("count", "10000")),
                        Integer.parseInt(o.getOrDefault("concurrency", "32")), duplicates,
                        o.containsKey("seconds") ? Integer.parseInt(o.get("seconds")) : 0);
        double sendSeconds = (System.nanoTime() - t0) / 1e9;
        long[] latencies = result.latenciesMicros.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("mode=%s unique=%d requests=%d in %.2fs -> %.0f requests/s accepted%n", mode, result.unique,
                latencies.length, sendSeconds, latencies.length / sendSeconds);
        System.out.printf("accept latency p50=%.1fms p99=%.1fms max=%.1fms%n", pct(latencies, 50) / 1000.0,
                pct(latencies, 99) / 1000.0, latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1000.0);
        System.out.printf("answers: %s%n", result.statuses);

        if (o.containsKey("no-wait") || admin == null) {
            return; // a node with its dispatcher off (acceptance alone), or a baseline endpoint
        }
        // The dispatcher's side: wait until every accepted event has been handed to the engine.
        long target = before.getOrDefault("dispatched", 0L) + before.getOrDefault("ignored", 0L) + result.unique;
        long waitStart = System.nanoTime();
        Map<String, Long> after;
        do {
            Thread.sleep(500);
            after = inboxStats(url, admin);
        } while (after.getOrDefault("dispatched", 0L) + after.getOrDefault("ignored", 0L) < target
                && (System.nanoTime() - waitStart) < TimeUnit.MINUTES.toNanos(10));
        if (o.containsKey("done-log")) {
            // Processed means the run's step has run: its log line is there (one per unique delivery).
            LogCounter lines = new LogCounter(java.nio.file.Path.of(o.get("done-log")), "] report " + run + "-");
            while (lines.count() < result.unique && (System.nanoTime() - waitStart) < TimeUnit.MINUTES.toNanos(10)) {
                Thread.sleep(200);
            }
            System.out.printf("steps done %d of %d%n", lines.count(), result.unique);
        }
        double allSeconds = (System.nanoTime() - t0) / 1e9;
        double lag = (System.nanoTime() - waitStart) / 1e9;
        long stored = sum(after) - sum(before);
        System.out.printf("processed %d in %.2fs from the first request -> %.0f events/s; backlog drained %.2fs after the last accept%n",
                stored, allSeconds, stored / allSeconds, lag);
        System.out.printf("stored rows %d for %d unique deliveries (%s), failed %d%n", stored, result.unique,
                stored == result.unique ? "none lost, none doubled" : "MISMATCH",
                after.getOrDefault("failed", 0L) - before.getOrDefault("failed", 0L));
    }

    record Result(int unique, ConcurrentLinkedQueue<Long> latenciesMicros, Map<Integer, AtomicInteger> statuses) {
    }

    /** count deliveries from {@code concurrency} senders, or as many as they send in {@code seconds} when that is > 0. */
    static Result burst(String url, String secret, String run, int count, int concurrency, boolean duplicates,
                        int seconds) throws Exception {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        Map<Integer, AtomicInteger> statuses = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int limit = seconds > 0 ? Integer.MAX_VALUE : count;
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        for (int t = 0; t < concurrency; t++) {
            pool.submit(() -> {
                int i;
                while ((seconds <= 0 || System.nanoTime() < end) && (i = next.getAndIncrement()) < limit) {
                    sent.incrementAndGet();
                    String body = body(run, i);
                    send(pick(url, i), secret, body, latencies, statuses);
                    if (duplicates) {
                        send(pick(url, i + 1), secret, body, latencies, statuses);
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        return new Result(sent.get(), latencies, statuses);
    }

    /** Counts the lines of a growing log file that contain a marker, reading only what was added since. */
    static final class LogCounter {
        private final java.nio.file.Path file;
        private final String marker;
        private long offset;
        private int count;
        private String partial = "";

        LogCounter(java.nio.file.Path file, String marker) {
            this.file = file;
            this.marker = marker;
        }

        int count() throws java.io.IOException {
            try (java.io.RandomAccessFile in = new java.io.RandomAccessFile(file.toFile(), "r")) {
                long length = in.length();
                if (length > offset) {
                    byte[] added = new byte[(int) (length - offset)];
                    in.seek(offset);
                    in.readFully(added);
                    offset = length;
                    String text = partial + new String(added, StandardCharsets.UTF_8);
                    int last = text.lastIndexOf('\n');
                    partial = text.substring(last + 1);
                    for (String line : text.substring(0, last + 1).split("\n")) {
                        if (line.contains(marker)) {
                            count++;
                        }
                    }
                }
            }
            return count;
        }
    }

    static Result atRate(String url, String secret, String run, int rate, int seconds, boolean duplicates)
            throws Exception {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        Map<Integer, AtomicInteger> statuses = new java.util.concurrent.ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(64);
        int total = rate * seconds;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + (long) (i * (1e9 / rate));
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            String body = body(run, i);
            String target = pick(url, i);
            String copyTarget = pick(url, i + 1);
            pool.submit(() -> {
                send(target, secret, body, latencies, statuses);
                if (duplicates) {
                    send(copyTarget, secret, body, latencies, statuses);
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        return new Result(total, latencies, statuses);
    }

    /** With several nodes (--url a,b), requests go round the nodes; a duplicate goes to the next one. */
    static String pick(String urls, int i) {
        String[] all = urls.split(",");
        return all[i % all.length];
    }

    static String body(String run, int i) {
        String id = run + "-" + i;
        // About 2 KB, like a real report with a comment and a status.
        return "{\"event\":\"report.created\",\"created_at\":\"2026-11-28T10:00:00.000Z\",\"object\":{\"id\":\"" + id
                + "\",\"action_taken\":false,\"category\":\"spam\",\"comment\":\"" + "buy cheap followers ".repeat(60)
                + "\",\"forwarded\":false,\"account\":{\"id\":\"1\",\"username\":\"reporter\"},"
                + "\"target_account\":{\"id\":\"2\",\"username\":\"spammer\"},\"statuses\":[],\"rules\":[]}}";
    }

    static void send(String url, String secret, String body, ConcurrentLinkedQueue<Long> latencies,
                     Map<Integer, AtomicInteger> statuses) {
        long t = System.nanoTime();
        int status;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/webhooks/mastodon"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("X-Hub-Signature", "sha256=" + hmac(secret, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            status = CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            status = -1;
        }
        latencies.add((System.nanoTime() - t) / 1000);
        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
    }

    static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    static Map<String, Long> inboxStats(String urls, String admin) throws Exception {
        if (admin == null) {
            return Map.of(); // a baseline endpoint that is not Fediflow
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(pick(urls, 0) + "/api/inbox"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(admin.getBytes(StandardCharsets.UTF_8)))
                .GET().build();
        String json = CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Long> stats = new java.util.HashMap<>();
        Matcher m = Pattern.compile("\"(\\w+)\":(\\d+)").matcher(json);
        while (m.find()) {
            stats.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return stats;
    }

    static long sum(Map<String, Long> stats) {
        return stats.getOrDefault("received", 0L) + stats.getOrDefault("dispatched", 0L)
                + stats.getOrDefault("ignored", 0L) + stats.getOrDefault("failed", 0L);
    }

    static long pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> o = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                String key = args[i].substring(2);
                if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    o.put(key, args[++i]);
                } else {
                    o.put(key, "true");
                }
            }
        }
        return o;
    }
}
