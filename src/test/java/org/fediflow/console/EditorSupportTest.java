package org.fediflow.console;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;

import org.fediflow.testing.Http;
import org.fediflow.testing.TestDiagrams;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** What the editor relies on: checks that catch what would fail at run time, the dry run, templates, timer previews. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fediflow.admin.password=test-admin-pw",
        "fediflow.time-zone=Europe/Berlin",
        "fediflow.credentials.status-page.type=bearer",
        "fediflow.credentials.status-page.token=sp-token-value-123"})
class EditorSupportTest {

    static final String AUTH = Http.basic("admin", "test-admin-pw");
    static final JsonMapper JSON = JsonMapper.builder().build();

    static Path bpmnDir;

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) {
        bpmnDir = TestDiagrams.folderWith("console-edit.bpmn");
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + TestDiagrams.tempFolder() + "/fediflow");
        registry.add("fediflow.bpmn.dir", () -> bpmnDir.toString());
    }

    @LocalServerPort
    int port;
    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    static String diagram(String body) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn"
                  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" targetNamespace="t">
                  <message id="reportCreated" name="mastodon.report.created"/>
                  <process id="checked" isExecutable="true">
                %s
                  </process>
                </definitions>""".formatted(body);
    }

    static String log(String id, String message) {
        return """
                <serviceTask id="%s" flowable:delegateExpression="${connector}"><extensionElements>
                  <flowable:field name="connector" stringValue="core.log"/>
                  <flowable:field name="message" expression="%s"/></extensionElements></serviceTask>""".formatted(id, message);
    }

    static final String GATEWAY = """
            <startEvent id="start"><messageEventDefinition messageRef="reportCreated"/></startEvent>
            <sequenceFlow id="f0" sourceRef="start" targetRef="legal"/>
            <exclusiveGateway id="legal" %s/>
            <sequenceFlow id="toSlack" sourceRef="legal" targetRef="slack">%s</sequenceFlow>
            <sequenceFlow id="toHttp" sourceRef="legal" targetRef="http"/>
            %s
            %s
            <sequenceFlow id="f3" sourceRef="slack" targetRef="end"/><sequenceFlow id="f4" sourceRef="http" targetRef="end"/>
            <endEvent id="end"/>""";

    static String gateway(String defaultAttribute, String condition) {
        return diagram(GATEWAY.formatted(defaultAttribute, condition,
                log("slack", "legal report ${payload.object.id}: ${payload.object.category}"), log("http", "other ${payload.object.id}")));
    }

    List<JsonNode> problems(String xml) {
        HttpResponse<String> response = http.post("/api/diagrams/validate", xml, "Authorization", AUTH,
                "Content-Type", "application/xml");
        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(response.body()).get("errors").forEach(out::add);
        return out;
    }

    @Test
    void everyShippedDiagramPassesTheChecks() throws Exception {
        // upgrade-rollout calls backup: a diagram in the folder counts as there, deployed or not yet
        Files.copy(Path.of("bpmn/backup.bpmn"), bpmnDir.resolve("backup.bpmn"));
        try (var files = Files.list(Path.of("bpmn"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".bpmn")).toList()) {
                assertThat(problems(Files.readString(file))).as(file.toString()).isEmpty();
            }
        }
    }

    @Test
    void aGatewayThatCannotChooseIsShownOnTheGatewayWithTheFix() {
        List<JsonNode> problems = problems(gateway("", "<conditionExpression xsi:type=\"tFormalExpression\">"
                + "${payload.object.category == 'legal'}</conditionExpression>"));
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.get("elementId").asString()).isEqualTo("legal");
            assertThat(p.get("message").asString()).contains("toHttp has no condition").contains("default flow");
        });
        assertThat(problems(gateway("default=\"toHttp\"", "<conditionExpression xsi:type=\"tFormalExpression\">"
                + "${payload.object.category == 'legal'}</conditionExpression>"))).isEmpty();
    }

    @Test
    void aMessageCatchWithoutMessageACallToNothingAndAnUnknownCredentialAreEachShownOnTheirElement() {
        String xml = diagram("""
                <startEvent id="start"/>
                <sequenceFlow id="f1" sourceRef="start" targetRef="wait"/>
                <intermediateCatchEvent id="wait"><messageEventDefinition/></intermediateCatchEvent>
                <sequenceFlow id="f2" sourceRef="wait" targetRef="sub"/>
                <callActivity id="sub" calledElement="not-deployed-anywhere"/>
                <sequenceFlow id="f3" sourceRef="sub" targetRef="end"/>
                <endEvent id="end"/>""");
        List<JsonNode> problems = problems(xml);
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.get("elementId").asString()).isEqualTo("wait");
            assertThat(p.get("message").asString()).contains("names none");
        });
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.get("elementId").asString()).isEqualTo("sub");
            assertThat(p.get("message").asString()).contains("not-deployed-anywhere").contains("not deployed");
        });
        assertThat(problems(xml.replace("not-deployed-anywhere", "console-edit"))).noneMatch(p -> "sub".equals(p.get("elementId").asString()));
    }

    @Test
    void aDryRunWorksOutEachInputAndTakesTheFlowWhoseConditionHolds() {
        String xml = gateway("default=\"toHttp\"", "<conditionExpression xsi:type=\"tFormalExpression\">"
                + "${payload.object.category == 'legal'}</conditionExpression>");
        ObjectNode request = JSON.createObjectNode();
        request.put("xml", xml);
        request.set("payload", JSON.readTree("{\"event\":\"report.created\",\"object\":{\"id\":\"77\",\"category\":\"legal\"}}"));
        HttpResponse<String> response = http.post("/api/diagrams/dry-run", request.toString(), "Authorization", AUTH,
                "Content-Type", "application/json");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode result = JSON.readTree(response.body());
        assertThat(result.get("problems")).isEmpty();
        List<String> path = new ArrayList<>();
        result.get("path").forEach(p -> path.add(p.asString()));
        assertThat(path).containsExactly("start", "f0", "legal", "toSlack", "slack", "f3", "end");
        JsonNode slack = null;
        for (JsonNode step : result.get("steps")) {
            if ("slack".equals(step.get("activityId").asString())) {
                slack = step;
            }
        }
        assertThat(slack.get("inputs").get("message").asString()).isEqualTo("legal report 77: legal");
        assertThat(slack.get("note").asString()).contains("not called");

        request.set("payload", JSON.readTree("{\"object\":{\"id\":\"78\",\"category\":\"spam\"}}"));
        JsonNode other = JSON.readTree(http.post("/api/diagrams/dry-run", request.toString(), "Authorization", AUTH,
                "Content-Type", "application/json").body());
        assertThat(other.get("path").toString()).contains("toHttp").doesNotContain("toSlack");
    }

    @Test
    void aDryRunCallsReadOnlyStepsForRealOnlyWhenAskedAndNeverOneThatChangesSomething() {
        WireMockServer endpoint = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        endpoint.start();
        try {
            endpoint.stubFor(get(urlPathEqualTo("/status")).willReturn(okJson("{\"state\":\"degraded\"}")));
            endpoint.stubFor(post(urlPathEqualTo("/incidents")).willReturn(okJson("{}")));
            String xml = diagram("""
                    <startEvent id="start"/>
                    <sequenceFlow id="f0" sourceRef="start" targetRef="read"/>
                    <serviceTask id="read" flowable:delegateExpression="${connector}"><extensionElements>
                      <flowable:field name="connector" stringValue="http.request"/>
                      <flowable:field name="url" stringValue="%1$s/status"/>
                      <flowable:field name="method" stringValue="GET"/>
                      <flowable:field name="resultVariable" stringValue="status"/></extensionElements></serviceTask>
                    <sequenceFlow id="f1" sourceRef="read" targetRef="write"/>
                    <serviceTask id="write" flowable:delegateExpression="${connector}"><extensionElements>
                      <flowable:field name="connector" stringValue="http.request"/>
                      <flowable:field name="url" stringValue="%1$s/incidents"/>
                      <flowable:field name="method" stringValue="POST"/>
                      <flowable:field name="body" expression="{&quot;state&quot;: &quot;${status.body.state}&quot;}"/>
                      </extensionElements></serviceTask>
                    <sequenceFlow id="f2" sourceRef="write" targetRef="end"/>
                    <endEvent id="end"/>""".formatted(endpoint.baseUrl()));
            ObjectNode request = JSON.createObjectNode();
            request.put("xml", xml);
            request.set("payload", JSON.readTree("{}"));

            JsonNode untouched = JSON.readTree(http.post("/api/diagrams/dry-run", request.toString(), "Authorization", AUTH,
                    "Content-Type", "application/json").body());
            assertThat(step(untouched, "read").get("called").asBoolean()).isFalse();
            assertThat(step(untouched, "read").get("note").asString()).contains("only reads");
            assertThat(endpoint.getAllServeEvents()).as("nothing called without the tick").isEmpty();

            request.put("callReadOnly", true);
            JsonNode result = JSON.readTree(http.post("/api/diagrams/dry-run", request.toString(), "Authorization", AUTH,
                    "Content-Type", "application/json").body());
            assertThat(step(result, "read").get("called").asBoolean()).isTrue();
            assertThat(step(result, "read").get("output").get("body").get("state").asString()).isEqualTo("degraded");
            assertThat(step(result, "write").get("called").asBoolean()).isFalse();
            assertThat(step(result, "write").get("inputs").get("body").asString()).isEqualTo("{\"state\": \"degraded\"}");
            assertThat(step(result, "write").get("note").asString()).contains("could change something");
            endpoint.verify(1, getRequestedFor(urlPathEqualTo("/status")));
            endpoint.verify(0, postRequestedFor(urlPathEqualTo("/incidents")));
        } finally {
            endpoint.stop();
        }
    }

    static JsonNode step(JsonNode result, String id) {
        for (JsonNode step : result.get("steps")) {
            if (id.equals(step.get("activityId").asString())) {
                return step;
            }
        }
        throw new AssertionError("no step " + id + " in " + result);
    }

    @Test
    void templatesTimerPreviewsSourcesAndCredentialNamesAreOffered() {
        JsonNode templates = JSON.readTree(http.get("/api/templates", "Authorization", AUTH).body());
        assertThat(templates.toString()).contains("report-to-moderators.bpmn");
        assertThat(http.get("/api/templates/report-to-moderators.bpmn", "Authorization", AUTH).body())
                .contains("id=\"report-to-moderators\"");
        assertThat(http.get("/api/templates/..%2Fapplication.yml", "Authorization", AUTH).statusCode()).isIn(400, 404);

        JsonNode preview = JSON.readTree(http.get("/api/timers/preview?expression=0%209%20*%20*%20*", "Authorization", AUTH).body());
        assertThat(preview.get("zone").asString()).isEqualTo("Europe/Berlin");
        assertThat(preview.get("next")).hasSize(3);
        preview.get("next").forEach(t -> assertThat(t.asString()).containsPattern("T09:00(:00)?\\+0[12]:00"));
        assertThat(JSON.readTree(http.get("/api/timers/preview?expression=every%20day", "Authorization", AUTH).body())
                .get("error").asString()).contains("five-field cron");

        assertThat(http.get("/api/sources", "Authorization", AUTH).body()).contains("mastodon").contains("slack");
        String credentials = http.get("/api/credentials", "Authorization", AUTH).body();
        assertThat(credentials).isEqualTo("[\"status-page\"]");
    }
}
