package org.fediflow.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.fediflow.testing.FlowTestSupport;
import org.fediflow.testing.Http;
import org.fediflow.testing.TestDiagrams;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The deliveries of the contract (what became of each, its body, replay) and the switches that decide whether a
 * diagram takes them (enable, disable, delete), driven over HTTP as an operator's script would. Runs on the flow
 * tests' shared context ({@link FlowTestSupport}) and tells its deliveries apart by their bodies.
 */
class DeliveriesApiTest extends FlowTestSupport {

    static final String AUTH = Http.basic("admin", "test-admin-pw");
    static final JsonMapper JSON = JsonMapper.builder().build();
    @Test
    void aDeliveryThatStartsARunListsTheRunAndShowsItsBody() {
        String body = monitorDown();
        assertThat(deliver(body, UPTIME_TOKEN).statusCode()).isEqualTo(200);
        JsonNode delivery = awaitDelivery(body, "started");
        assertThat(delivery.get("source").asString()).isEqualTo("uptime");
        assertThat(delivery.get("event").asString()).isEqualTo("0");
        assertThat(delivery.get("runs")).hasSize(1);
        assertThat(get("/api/instances/" + delivery.get("runs").get(0).asString()).get("definitionKey").asString())
                .isEqualTo("monitor-alert");
        JsonNode detail = get("/api/deliveries/" + delivery.get("id").asString());
        assertThat(detail.get("body").get("msg").asString()).isEqualTo(JSON.readTree(body).get("msg").asString());
        assertThat(list("?outcome=started")).anyMatch(d -> d.get("id").equals(delivery.get("id")));
        assertThat(list("?outcome=no-listener")).noneMatch(d -> d.get("id").equals(delivery.get("id")));
    }

    @Test
    void aRepeatIsListedAsDuplicateOfTheFirstAndStartsNothing() {
        String body = monitorDown();
        deliver(body, UPTIME_TOKEN);
        JsonNode first = awaitDelivery(body, "started");
        assertThat(deliver(body, UPTIME_TOKEN).statusCode()).isEqualTo(200);
        JsonNode repeat = list("?outcome=duplicate").stream()
                .filter(d -> first.get("id").asString().equals(d.get("relatedTo").asString(null))).findFirst().orElseThrow();
        assertThat(repeat.get("runs")).isEmpty();
        assertThat(repeat.get("reason").asString()).contains("repeat of delivery " + first.get("id").asString());
    }

    @Test
    void aRefusedDeliveryIsListedWithWhyAndNothingOfItsBody() {
        String body = monitorDown();
        assertThat(deliver(body, "wrong-token").statusCode()).isEqualTo(401);
        JsonNode refused = list("?source=uptime&outcome=refused").get(0);
        assertThat(refused.get("reason").asString()).startsWith("401: token in X-Uptime-Token does not match");
        JsonNode detail = get("/api/deliveries/" + refused.get("id").asString());
        assertThat(detail.get("body").isNull()).isTrue();
        assertThat(http.post("/api/deliveries/" + refused.get("id").asString() + "/replay", "", "Authorization", AUTH)
                .statusCode()).isEqualTo(409);
    }

    @Test
    void anEventNoDiagramListensForSaysSo() {
        String body = "{\"heartbeat\":{\"status\":1},\"msg\":\"up " + UUID.randomUUID() + "\"}";
        deliver(body, UPTIME_TOKEN);
        JsonNode delivery = awaitDelivery(body, "no-listener");
        assertThat(delivery.get("reason").asString()).isEqualTo("no diagram listens for uptime.1");
    }

    @Test
    void aDisabledDiagramStartsNothingUntilEnabledAndAReplayThenStartsIt() {
        assertThat(http.post("/api/definitions/monitor-alert/disable", "", "Authorization", AUTH).statusCode())
                .isEqualTo(200);
        try {
            assertThat(definition("monitor-alert").get("enabled").asBoolean()).isFalse();
            assertThat(http.post("/api/definitions/monitor-alert/start", "{}", "Authorization", AUTH,
                    "Content-Type", "application/json").statusCode()).isEqualTo(409);
            String body = monitorDown();
            deliver(body, UPTIME_TOKEN);
            JsonNode ignored = awaitDelivery(body, "no-listener");
            assertThat(ignored.get("runs")).isEmpty();

            assertThat(http.post("/api/definitions/monitor-alert/enable", "", "Authorization", AUTH).statusCode())
                    .isEqualTo(200);
            HttpResponse<String> replay = http.post("/api/deliveries/" + ignored.get("id").asString() + "/replay", "",
                    "Authorization", AUTH);
            assertThat(replay.statusCode()).isEqualTo(202);
            String replayId = JSON.readTree(replay.body()).get("id").asString();
            await().atMost(Duration.ofSeconds(20)).until(() -> "started".equals(
                    get("/api/deliveries/" + replayId).get("outcome").asString()));
            JsonNode replayed = get("/api/deliveries/" + replayId);
            assertThat(replayed.get("relatedTo").asString()).isEqualTo(ignored.get("id").asString());
            assertThat(replayed.get("runs")).hasSize(1);
        } finally {
            http.post("/api/definitions/monitor-alert/enable", "", "Authorization", AUTH);
        }
    }

    @Test
    void aDeletedDiagramLeavesTheFolderAndTheListButKeepsItsRuns() throws Exception {
        Path copy = BPMN_DIR.resolve("monitor-copy.bpmn");
        Files.writeString(copy, TestDiagrams.read("monitor-alert.bpmn")
                .replace("id=\"monitor-alert\"", "id=\"monitor-copy\"").replace("uptime.0", "uptime.copy"));
        await().atMost(Duration.ofSeconds(20)).until(() -> definition("monitor-copy") != null);
        HttpResponse<String> started = http.post("/api/definitions/monitor-copy/start", "{\"payload\":{\"msg\":\"x\"}}",
                "Authorization", AUTH, "Content-Type", "application/json");
        String runId = JSON.readTree(started.body()).get("id").asString();

        assertThat(http.delete("/api/definitions/monitor-copy", "Authorization", AUTH).statusCode()).isEqualTo(204);
        assertThat(copy).doesNotExist();
        try (var kept = Files.list(BPMN_DIR.resolve(".deleted"))) {
            assertThat(kept).anyMatch(p -> p.getFileName().toString().startsWith("monitor-copy.bpmn"));
        }
        assertThat(definition("monitor-copy")).isNull();
        assertThat(http.get("/api/instances/" + runId, "Authorization", AUTH).statusCode()).isEqualTo(200);
        assertThat(http.post("/api/definitions/monitor-copy/start", "{}", "Authorization", AUTH,
                "Content-Type", "application/json").statusCode()).isEqualTo(409);
        assertThat(http.delete("/api/definitions/monitor-copy", "Authorization", AUTH).statusCode()).isEqualTo(404);
    }

    String monitorDown() {
        return "{\"heartbeat\":{\"status\":0},\"msg\":\"down " + UUID.randomUUID() + "\"}";
    }

    HttpResponse<String> deliver(String body, String token) {
        return http.post("/webhooks/uptime", body, "Content-Type", "application/json", "X-Uptime-Token", token);
    }

    JsonNode awaitDelivery(String body, String outcome) {
        String id = await().atMost(Duration.ofSeconds(20)).until(() -> list("?source=uptime").stream()
                .filter(d -> !d.get("id").asString().startsWith("attempt-"))
                .filter(d -> body.equals(JSON.writeValueAsString(get("/api/deliveries/" + d.get("id").asString()).get("body"))))
                .filter(d -> outcome.equals(d.get("outcome").asString()))
                .map(d -> d.get("id").asString()).findFirst().orElse(null), x -> x != null);
        return get("/api/deliveries/" + id);
    }

    java.util.List<JsonNode> list(String query) {
        java.util.List<JsonNode> out = new java.util.ArrayList<>();
        get("/api/deliveries" + query).forEach(out::add);
        return out;
    }

    JsonNode definition(String key) {
        for (JsonNode d : get("/api/definitions")) {
            if (key.equals(d.get("key").asString())) {
                return d;
            }
        }
        return null;
    }

    JsonNode get(String path) {
        HttpResponse<String> response = http.get(path, "Authorization", AUTH);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
