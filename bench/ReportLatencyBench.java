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
 * Time from a signed report.created webhook to the chat.postMessage reaching Slack, through the shipped
 * report-to-moderators diagram. Plays Slack itself (a small HTTP server answering like Slack's Web API) and
 * sends reports at a steady rate:
 *
 *   java bench/ReportLatencyBench.java --url http://127.0.0.1:18080 --secret S --slack-port 18099 --rate 20 --seconds 60
 *
 * Fediflow must run with fediflow.slack.api-url=http://127.0.0.1:18099/api/ and a moderation channel.
 */
public class ReportLatencyBench {

    static final Pattern REPORT = Pattern.compile("Report #(\\d+)");
    static final Map<String, Long> SENT = new ConcurrentHashMap<>();
    static final Map<String, Long> POSTED = new ConcurrentHashMap<>();
    static final AtomicLong TS = new AtomicLong();

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].substring(2), args[i + 1]);
        }
        String url = o.getOrDefault("url", "http://127.0.0.1:18080");
        String secret = o.get("secret");
        int rate = Integer.parseInt(o.getOrDefault("rate", "20"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "60"));
        HttpServer slack = HttpServer.create(new InetSocketAddress("127.0.0.1",
                Integer.parseInt(o.getOrDefault("slack-port", "18099"))), 64);
        slack.createContext("/api/", ReportLatencyBench::slack);
        slack.setExecutor(Executors.newFixedThreadPool(8));
        slack.start();

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        // The load generator's own first requests (its HTTP client's first connection, the stand-in's first answer)
        // are cold too: three posts to the stand-in itself first, so that the cold figure is Fediflow's. Nothing
        // reaches Fediflow, and no report is counted (the text names none).
        URI standIn = URI.create("http://127.0.0.1:" + slack.getAddress().getPort() + "/api/chat.postMessage");
        for (int i = 0; i < 3; i++) {
            client.send(HttpRequest.newBuilder(standIn).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("channel=C0&text=warm-up")).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        ExecutorService senders = Executors.newFixedThreadPool(16);
        long base = System.currentTimeMillis() * 10;
        int total = rate * seconds;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + (long) (i * (1e9 / rate));
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            String id = String.valueOf(base + i);
            senders.submit(() -> send(client, url, secret, id));
        }
        senders.shutdown();
        senders.awaitTermination(5, TimeUnit.MINUTES);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (POSTED.size() < SENT.size() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        List<Long> latencies = new ArrayList<>();
        SENT.forEach((id, sent) -> {
            Long posted = POSTED.get(id);
            if (posted != null) {
                latencies.add((posted - sent) / 1_000_000);
            }
        });
        latencies.sort(Long::compare);
        System.out.printf("reports sent %d at %d/s for %d s; posted to Slack %d; lost %d%n", SENT.size(), rate, seconds,
                latencies.size(), SENT.size() - latencies.size());
        if (!latencies.isEmpty()) {
            System.out.printf("webhook -> chat.postMessage: p50=%d ms p99=%d ms max=%d ms%n", pct(latencies, 50),
                    pct(latencies, 99), latencies.get(latencies.size() - 1));
        }
        // Where the tail is: the slowest report of each of the first seconds of the load (the JVM is cold then).
        StringBuilder early = new StringBuilder();
        for (int second = 0; second < Math.min(seconds, 5); second++) {
            long worst = -1;
            for (int i = second * rate; i < (second + 1) * rate && i < total; i++) {
                String id = String.valueOf(base + i);
                Long posted = POSTED.get(id), sent = SENT.get(id);
                if (posted != null && sent != null) {
                    worst = Math.max(worst, (posted - sent) / 1_000_000);
                }
            }
            early.append(second == 0 ? "" : ", ").append("s").append(second + 1).append("=").append(worst).append(" ms");
        }
        System.out.println("slowest report sent in each of the first seconds: " + early);
        unloaded(client, url, secret);
        slack.stop(0);
        System.exit(0);
    }

    /** The baseline, after the load (a warm JVM): the same path with one report a second (20 of them), nothing queued. */
    static void unloaded(HttpClient client, String url, String secret) throws Exception {
        long base = System.currentTimeMillis() * 10 + 5_000_000;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = String.valueOf(base + i);
            ids.add(id);
            send(client, url, secret, id);
            Thread.sleep(1000);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!POSTED.keySet().containsAll(ids) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        List<Long> latencies = new ArrayList<>();
        for (String id : ids) {
            Long posted = POSTED.remove(id);
            Long sent = SENT.remove(id);
            if (posted != null && sent != null) {
                latencies.add((posted - sent) / 1_000_000);
            }
        }
        latencies.sort(Long::compare);
        System.out.printf("baseline, one report a second: p50=%d ms p99=%d ms%n", pct(latencies, 50), pct(latencies, 99));
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
