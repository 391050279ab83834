package org.fediflow.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.fediflow.testing.FakeSlack;
import org.fediflow.testing.FlakyConnector;
import org.fediflow.testing.FlowTestSupport;
import org.fediflow.testing.Http;
import org.fediflow.testing.TestDiagrams;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator API of the contract, and how connector failures become incidents that can be retried. Runs on the flow
 * tests' shared context ({@link FlowTestSupport}); its Slack bot token is the configured secret the run views mask.
 */
class OperatorApiTest extends FlowTestSupport {

    static final String AUTH = Http.basic("admin", "test-admin-pw");
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String SECRET = FakeSlack.BOT_TOKEN;

    JsonNode get(String path) {
        HttpResponse<String> response = http.get(path, "Authorization", AUTH);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    String start(String key, int failures, String kind, String secretValue) {
        String body = "{\"key\":\"" + key + "\",\"failures\":" + failures + ",\"kind\":\"" + kind + "\""
                + (secretValue == null ? "" : ",\"secretValue\":\"" + secretValue + "\"") + "}";
        HttpResponse<String> response = http.post("/api/definitions/test-flaky/start", body, "Authorization", AUTH,
                "Content-Type", "application/json");
        assertThat(response.statusCode()).isEqualTo(201);
        return JSON.readTree(response.body()).get("id").asString();
    }

    String state(String id) {
        return get("/api/instances/" + id).get("state").asString();
    }

    JsonNode incidentOf(String runId) {
        for (JsonNode incident : get("/api/incidents")) {
            if (runId.equals(incident.get("instanceId").asString(null))) {
                return incident;
            }
        }
        return null;
    }

    @Test
    void refusesCallsWithoutCredentialsWith401AndNoRedirect() {
        for (String path : new String[] {"/api/definitions", "/api/instances", "/api/incidents"}) {
            HttpResponse<String> response = http.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.headers().firstValue("Location")).isEmpty();
        }
        assertThat(http.get("/api/definitions", "Authorization", Http.basic("admin", "wrong")).statusCode()).isEqualTo(401);
        assertThat(http.get("/actuator/health").statusCode()).isEqualTo(200);
    }

    @Test
    void listsLatestDefinitions() {
        JsonNode definitions = get("/api/definitions");
        assertThat(definitions.findValuesAsString("key")).contains("test-flaky");
        JsonNode flaky = null;
        for (JsonNode d : definitions) {
            if (d.get("key").asString().equals("test-flaky")) {
                flaky = d;
            }
        }
        assertThat(flaky.get("resource").asString()).isEqualTo("flaky-steps.bpmn");
        assertThat(flaky.get("version").asInt()).isEqualTo(1);
    }

    @Test
    void theContractsNamesAnswerTheSameAsProcessesAndRuns() {
        assertThat(get("/api/definitions").findValuesAsString("resource"))
                .isEqualTo(get("/api/processes").findValuesAsString("resource")).contains("flaky-steps.bpmn");
        String id = start(UUID.randomUUID().toString(), 0, "temporary", null);
        await().atMost(Duration.ofSeconds(30)).until(() -> state(id).equals("completed"));
        assertThat(get("/api/instances/" + id)).isEqualTo(get("/api/runs/" + id));
        assertThat(get("/api/instances?definition=test-flaky&state=completed").findValuesAsString("id")).contains(id);
        assertThat(get("/api/runs?definition=test-flaky&state=completed").findValuesAsString("id")).contains(id);
        HttpResponse<String> disabled = http.post("/api/processes/test-flaky/disable", "", "Authorization", AUTH);
        assertThat(disabled.statusCode()).isEqualTo(200);
        assertThat(http.post("/api/definitions/test-flaky/start", "{}", "Authorization", AUTH,
                "Content-Type", "application/json").statusCode()).isEqualTo(409);
        assertThat(http.post("/api/definitions/test-flaky/enable", "", "Authorization", AUTH).statusCode()).isEqualTo(200);
    }

    @Test
    void errorsAreProblemDetailsThatKeepTheErrorField() {
        HttpResponse<String> response = http.get("/api/runs/no-such-run", "Authorization", AUTH);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(404);
        assertThat(problem.get("title").asString()).isEqualTo("Not Found");
        assertThat(problem.get("detail").asString()).isEqualTo("no run 'no-such-run'");
        assertThat(problem.get("error").asString()).isEqualTo("no run 'no-such-run'");
        JsonNode rejected = JSON.readTree(http.post("/api/definitions?name=broken.bpmn", "<definitions/>",
                "Authorization", AUTH, "Content-Type", "application/xml").body());
        assertThat(rejected.get("status").asInt()).isEqualTo(422);
        assertThat(rejected.get("errors").get(0).has("elementId")).isTrue();
        assertThat(rejected.get("errors").get(0).get("message").asString()).isNotBlank();
    }

    @Test
    void temporaryFailuresAreRetriedUntilTheStepSucceeds() {
        String key = UUID.randomUUID().toString();
        String id = start(key, 2, "temporary", null);
        await().atMost(Duration.ofSeconds(30)).until(() -> state(id).equals("completed"));
        assertThat(FlakyConnector.calls(key)).isEqualTo(3);
        JsonNode run = get("/api/instances/" + id);
        assertThat(run.get("variables").get("result").get("calls").asInt()).isEqualTo(3);
        assertThat(run.get("activities").findValuesAsString("activityId")).contains("start", "call", "done");
    }

    @Test
    void stepOutOfRetriesBecomesAnIncidentThatRetryCompletes() {
        String key = UUID.randomUUID().toString();
        String id = start(key, 3, "temporary", null);
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentOf(id) != null);
        JsonNode incident = incidentOf(id);
        assertThat(incident.get("activityId").asString()).isEqualTo("call");
        assertThat(incident.get("definitionKey").asString()).isEqualTo("test-flaky");
        assertThat(incident.get("message").asString()).contains("temporarily down on call 3");
        assertThat(state(id)).isEqualTo("failed");
        assertThat(get("/api/instances?state=failed&definition=test-flaky").findValuesAsString("id")).contains(id);

        HttpResponse<String> retry = http.post("/api/incidents/" + incident.get("id").asString() + "/retry", "",
                "Authorization", AUTH);
        assertThat(retry.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> state(id).equals("completed"));
        assertThat(FlakyConnector.calls(key)).isEqualTo(4);
        assertThat(incidentOf(id)).isNull();
    }

    @Test
    void badInputBecomesAnIncidentWithoutRetries() {
        String key = UUID.randomUUID().toString();
        String id = start(key, 1, "bad-input", null);
        await().atMost(Duration.ofSeconds(15)).until(() -> incidentOf(id) != null);
        assertThat(FlakyConnector.calls(key)).isEqualTo(1);
        assertThat(incidentOf(id).get("message").asString()).contains("refused on call 1");
    }

    @Test
    void businessOutcomeIsCaughtByTheDiagram() {
        String key = UUID.randomUUID().toString();
        String id = start(key, 1, "business", null);
        await().atMost(Duration.ofSeconds(15)).until(() -> state(id).equals("completed"));
        assertThat(get("/api/instances/" + id).get("activities").findValuesAsString("activityId")).contains("handled");
    }

    @Test
    void masksConfiguredSecretsInRunVariables() {
        String key = UUID.randomUUID().toString();
        String id = start(key, 0, "temporary", SECRET);
        await().atMost(Duration.ofSeconds(15)).until(() -> state(id).equals("completed"));
        HttpResponse<String> run = http.get("/api/instances/" + id, "Authorization", AUTH);
        assertThat(run.body()).doesNotContain(SECRET).contains("********");
    }

    @Test
    void filtersRunsByDefinitionAndState() {
        String key = UUID.randomUUID().toString();
        String id = start(key, 0, "temporary", null);
        await().atMost(Duration.ofSeconds(15)).until(() -> state(id).equals("completed"));
        assertThat(get("/api/instances?definition=test-flaky&state=completed").findValuesAsString("id")).contains(id);
        assertThat(get("/api/instances?definition=test-flaky&state=active").findValuesAsString("id")).doesNotContain(id);
        assertThat(http.get("/api/instances?state=sleeping", "Authorization", AUTH).statusCode()).isEqualTo(400);
    }

    @Test
    void startingAnUnknownDefinitionIs404() {
        assertThat(http.post("/api/definitions/nope/start", "{}", "Authorization", AUTH, "Content-Type", "application/json")
                .statusCode()).isEqualTo(404);
    }

    JsonNode step(String runId, String activityId) {
        for (JsonNode step : get("/api/runs/" + runId + "/steps")) {
            if (activityId.equals(step.get("activityId").asString())) {
                return step;
            }
        }
        return null;
    }

    @Test
    void stepsShowTheInputsAsEvaluatedAndTheOutputWithSecretsMasked() {
        String key = UUID.randomUUID().toString();
        String id = start(key, 0, "temporary", SECRET);
        await().atMost(Duration.ofSeconds(15)).until(() -> state(id).equals("completed"));
        HttpResponse<String> answer = http.get("/api/runs/" + id + "/steps", "Authorization", AUTH);
        assertThat(answer.body()).doesNotContain(SECRET);
        JsonNode call = step(id, "call");
        assertThat(call.get("name").asString()).isEqualTo("Call the flaky system");
        assertThat(call.get("startedAt").isNull()).isFalse();
        assertThat(call.get("endedAt").isNull()).isFalse();
        assertThat(call.get("inputs").get("key").asString()).as("evaluated, not ${key}").isEqualTo(key);
        assertThat(call.get("inputs").get("failures").asInt()).isZero();
        assertThat(call.get("inputs").get("secretValue").asString()).isEqualTo("********");
        assertThat(call.get("output").get("calls").asInt()).isEqualTo(1);
        assertThat(call.get("output").get("idempotencyKey").asString()).isEqualTo(id + ":call");
        assertThat(step(id, "start").get("inputs").isNull()).as("only connector steps have inputs").isTrue();
        assertThat(http.get("/api/runs/nope/steps", "Authorization", AUTH).statusCode()).isEqualTo(404);
    }

    @Test
    void aBoundaryEventIsShownOnlyWhenItFired() {
        String quiet = start(UUID.randomUUID().toString(), 0, "business", null);
        String caught = start(UUID.randomUUID().toString(), 1, "business", null);
        await().atMost(Duration.ofSeconds(15)).until(() -> state(quiet).equals("completed") && state(caught).equals("completed"));

        assertThat(step(quiet, "caught")).as("the error boundary of a step that succeeded never fired").isNull();
        assertThat(get("/api/instances/" + quiet).get("activities").toString()).doesNotContain("\"caught\"");
        assertThat(get("/api/runs/" + quiet + "/inspection").get("path").toString()).doesNotContain("\"caught\"")
                .contains("\"done\"");

        assertThat(step(caught, "caught")).as("the boundary that caught the business error").isNotNull();
        assertThat(get("/api/runs/" + caught + "/inspection").get("path").toString()).contains("\"caught\"", "\"handled\"");
    }

    @Test
    void aStepsOutputIsShownAlsoWhenTheDiagramDoesNotKeepIt() {
        String xml = TestDiagrams.read("flaky-steps.bpmn").replace("test-flaky", "test-flaky-unkept")
                .replace("<flowable:field name=\"resultVariable\" stringValue=\"result\"/>", "");
        assertThat(http.post("/api/definitions?name=flaky-unkept.bpmn", xml, "Authorization", AUTH,
                "Content-Type", "application/xml").statusCode()).isEqualTo(201);
        String key = UUID.randomUUID().toString();
        String id = JSON.readTree(http.post("/api/definitions/test-flaky-unkept/start",
                "{\"key\":\"" + key + "\",\"failures\":0,\"kind\":\"temporary\"}", "Authorization", AUTH,
                "Content-Type", "application/json").body()).get("id").asString();
        await().atMost(Duration.ofSeconds(15)).until(() -> state(id).equals("completed"));
        assertThat(get("/api/instances/" + id).get("variables").has("result")).isFalse();
        assertThat(step(id, "call").get("output").get("calls").asInt()).isEqualTo(1);
    }

    @Test
    void aFailedTryShowsItsInputsAndError() {
        String key = UUID.randomUUID().toString();
        String id = start(key, 9, "temporary", null);
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentOf(id) != null);
        JsonNode call = step(id, "call");
        assertThat(call.get("endedAt").isNull()).isTrue();
        assertThat(call.get("inputs").get("key").asString()).isEqualTo(key);
        assertThat(call.get("error").asString()).contains("temporarily down on call 3");
    }

    @Test
    void aManualStartHandsTheJsonToTheRunAsPayloadAndShowsVariablesAsJson() {
        String key = UUID.randomUUID().toString();
        HttpResponse<String> response = http.post("/api/definitions/test-flaky/start?businessKey=" + key,
                "{\"key\":\"" + key + "\",\"failures\":0,\"kind\":\"temporary\",\"monitor\":{\"name\":\"web\",\"up\":false}}",
                "Authorization", AUTH, "Content-Type", "application/json");
        assertThat(response.statusCode()).isEqualTo(201);
        String id = JSON.readTree(response.body()).get("id").asString();
        await().atMost(Duration.ofSeconds(15)).until(() -> state(id).equals("completed"));
        JsonNode run = get("/api/instances/" + id);
        assertThat(run.get("businessKey").asString()).isEqualTo(key);
        JsonNode variables = run.get("variables");
        assertThat(variables.get("payload").get("monitor").get("name").asString()).isEqualTo("web");
        assertThat(variables.get("monitor").get("up").asBoolean(true)).as("an object stays JSON").isFalse();
        assertThat(variables.get("event").asString()).isEqualTo("manual");
        assertThat(variables.get("result").isObject()).as("a connector's output as JSON, not Java map text").isTrue();
        assertThat(http.post("/api/definitions/test-flaky/start", "[1,2]", "Authorization", AUTH,
                "Content-Type", "application/json").statusCode()).isEqualTo(400);
    }
}
