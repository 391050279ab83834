package org.fediflow.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.fediflow.testing.Http;
import org.fediflow.testing.Postgres;
import org.fediflow.testing.TestDiagrams;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit trail through the API, personal API tokens scoped like their owner's role, and the admin's password
 * changed through the API, on PostgreSQL (PeopleBrowserTest runs on H2 and drives sign-in with Mastodon in a browser).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fediflow.admin.password=people-api-pw",
        "fediflow.alerts.enabled=false",
        "spring.datasource.username=postgres",
        "spring.datasource.password="})
class PeopleApiTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String DIAGRAM = TestDiagrams.read("console-edit.bpmn");

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", Postgres::freshDatabase);
        registry.add("fediflow.bpmn.dir", () -> TestDiagrams.folderWith("console-edit.bpmn", "flaky-steps.bpmn").toString());
    }

    @LocalServerPort
    int port;
    @Autowired
    PersonalTokens tokens;
    Http http;
    final String admin = Http.basic("admin", "people-api-pw");

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    JsonNode newestAudit(String query) {
        return newestAudit(query, admin);
    }

    JsonNode newestAudit(String query, String auth) {
        HttpResponse<String> response = http.get("/api/audit?limit=1" + query, "Authorization", auth);
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response).get(0);
    }

    @Test
    void changesAreAuditedNewestFirstWithWhoTargetAndResultAndVersionsCarryTheirAuthor() {
        String changed = DIAGRAM.replace("name=\"Write a line\"", "name=\"Write " + UUID.randomUUID() + "\"");
        assertThat(changed).isNotEqualTo(DIAGRAM);
        HttpResponse<String> deployed = http.post("/api/definitions?name=console-edit.bpmn", changed, "Authorization", admin,
                "Content-Type", "application/xml");
        assertThat(deployed.statusCode()).isEqualTo(201);
        int version = json(deployed).get("version").asInt();

        JsonNode entry = newestAudit("");
        assertThat(entry.get("who").asString()).isEqualTo("admin");
        assertThat(entry.get("action").asString()).isEqualTo("deploy");
        assertThat(entry.get("target").asString()).isEqualTo("process:console-edit");
        assertThat(entry.get("result").asString()).isEqualTo("deployed version " + version);
        assertThat(entry.get("at").asString()).isNotBlank();
        JsonNode versions = json(http.get("/api/processes/console-edit/versions", "Authorization", admin));
        assertThat(versions.get(0).get("author").asString()).isEqualTo("admin");
        assertThat(versions.get(versions.size() - 1).get("author").isNull()).as("deployed from the folder").isTrue();

        HttpResponse<String> started = http.post("/api/definitions/test-flaky/start",
                "{\"key\":\"" + UUID.randomUUID() + "\",\"failures\":9,\"kind\":\"bad-input\"}",
                "Authorization", admin, "Content-Type", "application/json");
        String run = json(started).get("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> json(http.get("/api/instances/" + run, "Authorization", admin))
                .get("state").asString().equals("failed"));
        assertThat(http.post("/api/runs/" + run + "/cancel", "", "Authorization", admin).statusCode()).isEqualTo(202);
        JsonNode ofRun = json(http.get("/api/audit?target=run:" + run, "Authorization", admin));
        assertThat(ofRun).hasSize(2);
        assertThat(ofRun.get(0).get("action").asString()).isEqualTo("cancel");
        assertThat(ofRun.get(1).get("action").asString()).isEqualTo("start");
        assertThat(ofRun.get(1).get("result").asString()).isEqualTo("started (process test-flaky)");
        assertThat(json(http.get("/api/audit?target=process:console-edit", "Authorization", admin)))
                .allSatisfy(e -> assertThat(e.get("target").asString()).startsWith("process:console-edit"));
    }

    @Test
    void aModeratorsTokenReadsAndRetriesButCannotDeployAndTheRefusalIsAudited() {
        String secret = tokens.create("@mira", "moderator", "script", Duration.ofDays(1)).secret();
        String bearer = "Bearer " + secret;
        assertThat(http.get("/api/incidents", "Authorization", bearer).statusCode()).isEqualTo(200);
        assertThat(http.post("/api/incidents/no-such-incident/retry", "", "Authorization", bearer).statusCode())
                .as("allowed, and there is none").isEqualTo(404);

        HttpResponse<String> deploy = http.post("/api/definitions?name=console-edit.bpmn", DIAGRAM, "Authorization", bearer,
                "Content-Type", "application/xml");
        assertThat(deploy.statusCode()).isEqualTo(403);
        assertThat(json(deploy).get("error").asString()).isEqualTo("moderators may not do this (deploy)");
        JsonNode entry = newestAudit("&action=deploy");
        assertThat(entry.get("who").asString()).isEqualTo("@mira (token script)");
        assertThat(entry.get("result").asString()).isEqualTo("refused: moderators may not do this (deploy)");
        assertThat(http.post("/api/runs/x/cancel", "", "Authorization", bearer).statusCode()).isEqualTo(403);

        assertThat(http.get("/api/tokens?all=true", "Authorization", bearer).statusCode()).isEqualTo(403);
        JsonNode everyones = json(http.get("/api/tokens?all=true", "Authorization", admin));
        long id = 0;
        for (JsonNode t : everyones) {
            if (t.get("owner").asString().equals("@mira")) {
                id = t.get("id").asLong();
            }
        }
        assertThat(id).as("an operator sees the moderator's token").isPositive();
        assertThat(http.delete("/api/tokens/" + id, "Authorization", admin).statusCode()).isEqualTo(204);
        assertThat(http.get("/api/incidents", "Authorization", bearer).statusCode()).isEqualTo(401);
    }

    @Test
    void tokensAreShownOnceStoredHashedActWithTheOwnersRoleAndStopWhenRevoked() {
        HttpResponse<String> created = http.post("/api/tokens", "{\"name\":\"deploy bot\",\"days\":30}",
                "Authorization", admin, "Content-Type", "application/json");
        assertThat(created.statusCode()).isEqualTo(201);
        String secret = json(created).get("secret").asString();
        long id = json(created).get("token").get("id").asLong();
        assertThat(secret).startsWith("fft_").hasSizeGreaterThan(40);
        assertThat(http.get("/api/tokens", "Authorization", admin).body()).contains("deploy bot").doesNotContain(secret);

        String bearer = "Bearer " + secret;
        assertThat(http.get("/api/me", "Authorization", bearer).body()).contains("\"role\":\"operator\"");
        HttpResponse<String> started = http.post("/api/definitions/test-flaky/start", "{\"key\":\"t\",\"failures\":0,\"kind\":\"temporary\"}",
                "Authorization", bearer, "Content-Type", "application/json");
        assertThat(started.statusCode()).isEqualTo(201);
        assertThat(newestAudit("&action=start").get("who").asString()).isEqualTo("admin (token deploy bot)");

        HttpResponse<String> revoked = http.delete("/api/tokens/" + id, "Authorization", admin);
        assertThat(revoked.statusCode()).isEqualTo(204);
        assertThat(newestAudit("").get("action").asString()).isEqualTo("token revoke");
        HttpResponse<String> after = http.get("/api/me", "Authorization", bearer);
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(http.get("/api/me", "Authorization", "Bearer fft_made-up").statusCode()).isEqualTo(401);
    }

    @Test
    void theAdminChangesThePasswordAndTheOldOneStopsWorking() {
        HttpResponse<String> wrong = http.post("/api/account/password", "{\"current\":\"nope\",\"replacement\":\"long-enough-pw-1\"}",
                "Authorization", admin, "Content-Type", "application/json");
        assertThat(wrong.statusCode()).isEqualTo(422);
        assertThat(newestAudit("&action=password").get("result").asString()).isEqualTo("rejected: the current password is wrong");

        HttpResponse<String> changed = http.post("/api/account/password",
                "{\"current\":\"people-api-pw\",\"replacement\":\"a-new-admin-pw-42\"}",
                "Authorization", admin, "Content-Type", "application/json");
        assertThat(changed.statusCode()).isEqualTo(200);
        String newAdmin = Http.basic("admin", "a-new-admin-pw-42");
        await().atMost(Duration.ofSeconds(5)).until(() -> http.get("/api/me", "Authorization", admin).statusCode() == 401);
        assertThat(http.get("/api/me", "Authorization", newAdmin).statusCode()).isEqualTo(200);
        JsonNode entry = newestAudit("&action=password", newAdmin);
        assertThat(entry.get("who").asString()).isEqualTo("admin");
        assertThat(entry.get("target").asString()).isEqualTo("account:admin");
        assertThat(entry.get("result").asString()).isEqualTo("ok");
        // back, for the other tests of this class
        assertThat(http.post("/api/account/password", "{\"current\":\"a-new-admin-pw-42\",\"replacement\":\"people-api-pw\"}",
                "Authorization", newAdmin, "Content-Type", "application/json").statusCode()).isEqualTo(200);
    }
}
