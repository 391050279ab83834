package org.fediflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.fediflow.testing.Http;
import org.fediflow.testing.TestDiagrams;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RepositoryService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Diagrams from the folder and from the API: validated before deployment, new versions only on change. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fediflow.admin.password=test-admin-pw", "fediflow.bpmn.watch-interval=300ms"})
@ExtendWith(OutputCaptureExtension.class)
class DiagramDeploymentTest {

    static final Path DIR = TestDiagrams.folderWith("flaky-steps.bpmn");
    static final String AUTH = Http.basic("admin", "test-admin-pw");
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + TestDiagrams.tempFolder() + "/fediflow");
        registry.add("fediflow.bpmn.dir", DIR::toString);
    }

    @LocalServerPort
    int port;
    @Autowired
    RepositoryService repository;
    @Autowired
    ManagementService management;
    @Autowired
    Timers timers;
    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    static String diagram(String processId, String serviceTaskFields) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn"
                             targetNamespace="https://fediflow.org/test">
                  <process id="%s" name="Test diagram" isExecutable="true">
                    <startEvent id="start"/>
                    <sequenceFlow id="f1" sourceRef="start" targetRef="step"/>
                    <serviceTask id="step" name="A step" flowable:delegateExpression="${connector}">
                      <extensionElements>%s</extensionElements>
                    </serviceTask>
                    <sequenceFlow id="f2" sourceRef="step" targetRef="end"/>
                    <endEvent id="end"/>
                  </process>
                </definitions>
                """.formatted(processId, serviceTaskFields);
    }

    int latestVersion(String key) {
        var definition = repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion().singleResult();
        return definition == null ? 0 : definition.getVersion();
    }

    HttpResponse<String> deploy(String file, String xml) {
        return http.post("/api/definitions?name=" + file, xml, "Authorization", AUTH, "Content-Type", "application/xml");
    }

    @Test
    void aOneFieldChangeSavedFromTheEditorIsAOneLineChangeOfTheFileAndItsCommentsStay() throws Exception {
        byte[] example = Files.readAllBytes(DiagramTextTest.EXAMPLE);
        assertThat(deploy("uptime-kuma-to-slack.bpmn", new String(example, StandardCharsets.UTF_8)).statusCode()).isEqualTo(201);
        Path file = DIR.resolve("uptime-kuma-to-slack.bpmn");
        assertThat(Files.readAllBytes(file)).isEqualTo(example);

        byte[] edited = DiagramTextTest.rewritten(example,
                document -> DiagramTextTest.field(document, "postDown", "channel").setAttribute("stringValue", "alerts"));
        HttpResponse<String> saved = deploy("uptime-kuma-to-slack.bpmn", new String(edited, StandardCharsets.UTF_8));

        assertThat(saved.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(saved.body()).get("version").asInt()).isEqualTo(2);
        assertThat(DiagramTextTest.changedLines(example, Files.readAllBytes(file))).containsExactly(
                "-        <flowable:field name=\"channel\" stringValue=\"ops\"/>",
                "+        <flowable:field name=\"channel\" stringValue=\"alerts\"/>");
        assertThat(Files.readString(file)).contains("<!-- Example: an Uptime Kuma monitor goes down");
        // The editor's file sent again unchanged is the same diagram: no new version.
        assertThat(JSON.readTree(deploy("uptime-kuma-to-slack.bpmn", new String(edited, StandardCharsets.UTF_8)).body())
                .get("version").asInt()).isEqualTo(2);
    }

    @Test
    void deploysTheFolderAtStart() {
        assertThat(latestVersion("test-flaky")).isEqualTo(1);
    }

    @Test
    void apiDeploysValidDiagramAndWritesItIntoTheFolder() throws Exception {
        String xml = diagram("api-valid", "<flowable:field name=\"connector\" stringValue=\"core.log\"/>"
                + "<flowable:field name=\"message\" stringValue=\"hi\"/>");
        HttpResponse<String> response = deploy("api-valid.bpmn", xml);
        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("key").asString()).isEqualTo("api-valid");
        assertThat(answer.get("version").asInt()).isEqualTo(1);
        assertThat(Files.readString(DIR.resolve("api-valid.bpmn"))).isEqualTo(xml);

        assertThat(deploy("api-valid.bpmn", xml).statusCode()).as("same content again").isEqualTo(201);
        assertThat(latestVersion("api-valid")).as("no new version for unchanged content").isEqualTo(1);
    }

    @Test
    void rejectsUnknownConnectorMissingInputAndBadExpressionNamingTheElement() throws Exception {
        String unknown = diagram("bad-connector", "<flowable:field name=\"connector\" stringValue=\"slack.teleport\"/>");
        String missing = diagram("bad-missing", "<flowable:field name=\"connector\" stringValue=\"core.log\"/>");
        String expression = diagram("bad-expression", "<flowable:field name=\"connector\" stringValue=\"core.log\"/>"
                + "<flowable:field name=\"message\" expression=\"${payload.object.}\"/>");
        String typo = diagram("bad-input-name", "<flowable:field name=\"connector\" stringValue=\"core.log\"/>"
                + "<flowable:field name=\"message\" stringValue=\"x\"/><flowable:field name=\"mesage\" stringValue=\"x\"/>");
        assertRejected(unknown, "bad-connector.bpmn", "unknown connector 'slack.teleport'");
        assertRejected(missing, "bad-missing.bpmn", "needs input 'message'");
        assertRejected(expression, "bad-expression.bpmn", "does not parse");
        assertRejected(typo, "bad-input-name.bpmn", "has no input 'mesage'");
    }

    private void assertRejected(String xml, String file, String messagePart) throws Exception {
        HttpResponse<String> response = deploy(file, xml);
        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode error = JSON.readTree(response.body()).get("errors").get(0);
        assertThat(error.get("elementId").asString()).isEqualTo("step");
        assertThat(error.get("message").asString()).contains(messagePart);
        assertThat(latestVersion(file.replace(".bpmn", ""))).as("nothing deployed").isZero();
        assertThat(DIR.resolve(file)).doesNotExist();
    }

    @Test
    void rejectsWhatIsNotBpmnAtAll() {
        HttpResponse<String> response = deploy("garbage.bpmn", "<definitions><oops");
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("not a valid BPMN 2.0 file");
    }

    @Test
    void refusesFileNamesThatLeaveTheFolder() {
        String xml = diagram("escape", "<flowable:field name=\"connector\" stringValue=\"core.log\"/>"
                + "<flowable:field name=\"message\" stringValue=\"x\"/>");
        assertThat(deploy("..%2Fescape.bpmn", xml).statusCode()).isEqualTo(422);
        assertThat(DIR.getParent().resolve("escape.bpmn")).doesNotExist();
    }

    @Test
    void redeploysAnEditedFileAndKeepsTheRunningVersionWhenTheEditIsInvalid(CapturedOutput output) throws Exception {
        Path file = DIR.resolve("hot.bpmn");
        Files.writeString(file, diagram("hot", "<flowable:field name=\"connector\" stringValue=\"core.log\"/>"
                + "<flowable:field name=\"message\" stringValue=\"v1\"/>"));
        await().atMost(Duration.ofSeconds(10)).until(() -> latestVersion("hot") == 1);

        Files.writeString(file, diagram("hot", "<flowable:field name=\"connector\" stringValue=\"core.log\"/>"
                + "<flowable:field name=\"message\" stringValue=\"v2\"/>"));
        await().atMost(Duration.ofSeconds(10)).until(() -> latestVersion("hot") == 2);

        Files.writeString(file, diagram("hot", "<flowable:field name=\"connector\" stringValue=\"no.such\"/>"));
        // The watcher has read the invalid edit once it has logged its refusal.
        await().atMost(Duration.ofSeconds(10)).until(() -> output.getAll().contains("diagram hot.bpmn not deployed"));
        assertThat(latestVersion("hot")).isEqualTo(2);
        String deployed = new String(repository.getResourceAsStream(repository.createProcessDefinitionQuery()
                .processDefinitionKey("hot").latestVersion().singleResult().getDeploymentId(), "hot.bpmn").readAllBytes(),
                StandardCharsets.UTF_8);
        assertThat(deployed).contains("v2");
    }

    static String timerStart(String processId, String cycle) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="https://fediflow.org/test">
                  <process id="%s" name="Timer diagram" isExecutable="true">
                    <startEvent id="tick"><timerEventDefinition><timeCycle>%s</timeCycle></timerEventDefinition></startEvent>
                    <sequenceFlow id="f1" sourceRef="tick" targetRef="end"/>
                    <endEvent id="end"/>
                  </process>
                </definitions>
                """.formatted(processId, cycle);
    }

    JsonNode firstError(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(422);
        return JSON.readTree(response.body()).get("errors").get(0);
    }

    @Test
    void refusesAnUnreadableTimerNamingTheElementAndShowingEachAcceptedForm() {
        JsonNode error = firstError(deploy("bad-timer.bpmn", timerStart("bad-timer", "every day at nine")));
        assertThat(error.get("elementId").asString()).isEqualTo("tick");
        assertThat(error.get("message").asString()).contains("'every day at nine'", "'0 9 * * *'", "'0 0 9 ? * MON-FRI'",
                "'R/PT6H'");
        assertThat(latestVersion("bad-timer")).isZero();
    }

    @Test
    void aFiveFieldCronTimerStartIsDueAtItsNextFiringInTheConfiguredZone() {
        assertThat(deploy("nine-daily.bpmn", timerStart("nine-daily", "0 9 * * *")).statusCode()).isEqualTo(201);
        var job = management.createTimerJobQuery().processDefinitionKey("nine-daily").singleResult();
        Instant expected = timers.next("0 9 * * *", job.getCreateTime().toInstant());
        assertThat(job.getDuedate().toInstant()).isEqualTo(expected);
        assertThat(expected.atZone(timers.zone()).getHour()).isEqualTo(9);
    }

    @Test
    void refusesAScriptTaskNamingTheConnectorToUseInstead() {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="https://fediflow.org/test">
                  <process id="scripted" isExecutable="true">
                    <startEvent id="start"/>
                    <sequenceFlow id="f1" sourceRef="start" targetRef="compute"/>
                    <scriptTask id="compute" scriptFormat="javascript"><script>execution.setVariable('x', 1)</script></scriptTask>
                    <sequenceFlow id="f2" sourceRef="compute" targetRef="end"/>
                    <endEvent id="end"/>
                  </process>
                </definitions>
                """;
        JsonNode error = firstError(deploy("scripted.bpmn", xml));
        assertThat(error.get("elementId").asString()).isEqualTo("compute");
        assertThat(error.get("message").asString()).contains("script task", "data.set");
        assertThat(DIR.resolve("scripted.bpmn")).doesNotExist();
    }

    @Test
    void aTimerStartWhoseExpressionNeedsARunIsRefusedNamingTheElement() {
        JsonNode error = firstError(deploy("needs-a-run.bpmn", timerStart("needs-a-run", "${noSuchVariable}")));
        assertThat(error.get("elementId").asString()).isEqualTo("tick");
        assertThat(error.get("message").asString()).contains("cannot be evaluated when the diagram is deployed");
    }

    @Test
    void whatTheEngineItselfRefusesIsA422AndTheFolderKeepsWhatRuns() {
        // Past our checks, which leave the values of expressions to the engine: this one gives an unreadable cycle.
        String xml = timerStart("engine-refuses", "${'every day'}");
        JsonNode error = firstError(deploy("engine-refuses.bpmn", xml));
        assertThat(error.get("elementId").asString()).isEqualTo("tick");
        assertThat(error.get("message").asString()).contains("the engine refused it", "'every day'", "'0 9 * * *'");
        assertThat(latestVersion("engine-refuses")).isZero();
        assertThat(DIR.resolve("engine-refuses.bpmn")).as("the refused file is not left in the folder").doesNotExist();
    }

    @Test
    void aSecondDiagramOnTheSameMessageDeploys() {
        String template = """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="https://fediflow.org/test">
                  <message id="down" name="uptime-kuma.0"/>
                  <process id="%s" isExecutable="true">
                    <startEvent id="start"><messageEventDefinition messageRef="down"/></startEvent>
                    <sequenceFlow id="f1" sourceRef="start" targetRef="end"/>
                    <endEvent id="end"/>
                  </process>
                </definitions>
                """;
        assertThat(deploy("kuma-one.bpmn", template.formatted("kuma-one")).statusCode()).isEqualTo(201);
        assertThat(deploy("kuma-two.bpmn", template.formatted("kuma-two")).statusCode()).isEqualTo(201);
    }
}
