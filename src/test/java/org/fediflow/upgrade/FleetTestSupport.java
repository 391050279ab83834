package org.fediflow.upgrade;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;


import org.fediflow.testing.FakeSlack;
import org.fediflow.testing.Http;
import org.fediflow.testing.SlackRequests;
import org.fediflow.testing.TestDiagrams;
import org.flowable.engine.HistoryService;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * What the rollout tests share: the simulated fleet (web1 = web + management, web2 = web, sidekiq1 on Docker;
 * streaming1 native under systemd with a local patch), fake Slack, fake GitHub releases and update-check service
 * (WireMock), and the shipped {@code release-watch} and {@code upgrade-rollout} diagrams.
 *
 * <p>The real {@code bpmn/backup.bpmn} is built on another branch; these tests deploy a small stand-in with process
 * id {@code backup} that ends normally, or with a BPMN error when {@link #backupFails} deploys the failing variant.
 */
abstract class FleetTestSupport {

    static final String SIGNING_SECRET = "upgrade-signing-secret";
    static final String OPERATOR = "U0OPERATOR";
    static final FakeSlack SLACK = new FakeSlack();
    static final WireMockServer GITHUB = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    static final SimulatedFleet FLEET = new SimulatedFleet(List.of(
            new SimulatedFleet.HostSpec("web1", "docker", List.of("web", "management"), "/health"),
            new SimulatedFleet.HostSpec("web2", "docker", List.of("web"), "/health"),
            new SimulatedFleet.HostSpec("sidekiq1", "docker", List.of("sidekiq"), null),
            new SimulatedFleet.HostSpec("streaming1", "systemd", List.of("streaming"), "/api/v1/streaming/health")));

    static {
        GITHUB.start();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + TestDiagrams.tempFolder() + "/fediflow");
        registry.add("fediflow.bpmn.dir", () -> TestDiagrams.shipped("release-watch.bpmn", "upgrade-rollout.bpmn").toString());
        registry.add("fediflow.slack.api-url", SLACK::apiUrl);
        registry.add("fediflow.mastodon.base-url", () -> FLEET.host("web1").baseUrl());
        registry.add("fediflow.upgrade.releases-url", () -> GITHUB.baseUrl() + "/repos/mastodon/mastodon/releases");
        registry.add("fediflow.upgrade.update-check-url", () -> GITHUB.baseUrl() + "/update-check");
        FLEET.properties().forEach((name, value) -> registry.add(name, () -> value));
    }


    @LocalServerPort
    int port;
    @Autowired
    RuntimeService runtime;
    @Autowired
    HistoryService history;
    @Autowired
    RepositoryService repository;
    Http http;

    @BeforeEach
    void freshFleet() {
        http = new Http(port);
        FLEET.reset("v4.3.0");
        SLACK.reset();
        SLACK.server().resetRequests();
        GITHUB.resetAll();
        GITHUB.stubFor(get(urlPathEqualTo("/update-check")).willReturn(okJson("{\"updatesAvailable\":[]}")));
        releases();
        backupSucceeds();
    }

    /** GitHub's releases list, newest first: each {@code [tag, prerelease?, draft?]}. */
    void releases(String[]... releases) {
        StringBuilder json = new StringBuilder("[");
        for (String[] r : releases) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append("""
                    {"tag_name":%s,"name":"Mastodon","draft":%s,"prerelease":%s,"published_at":"%s",
                     "html_url":"https://github.com/mastodon/mastodon/releases/tag/x","body":"notes"}"""
                    .formatted(tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(r[0]),
                            r.length > 2 ? r[2] : "false", r.length > 1 ? r[1] : "false", Instant.now()));
        }
        GITHUB.stubFor(get(urlPathEqualTo("/repos/mastodon/mastodon/releases")).willReturn(okJson(json + "]")));
    }

    void backupSucceeds() {
        deployBackup(false);
    }

    void backupFails() {
        deployBackup(true);
    }

    private void deployBackup(boolean fails) {
        String end = fails ? "<endEvent id=\"end\"><errorEventDefinition errorRef=\"failed\"/></endEvent>"
                : "<endEvent id=\"end\"/>";
        repository.createDeployment().name("backup stand-in").addString("backup.bpmn", """
                <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="test">
                  <error id="failed" errorCode="backup-failed"/>
                  <process id="backup" name="Backup (test stand-in)" isExecutable="true">
                    <startEvent id="start"/>
                    %s
                    <sequenceFlow id="f" sourceRef="start" targetRef="end"/>
                  </process>
                </definitions>""".formatted(end)).deploy();
    }

    String startRollout(String version, Instant publishedAt, boolean urgent) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("version", version);
        variables.put("publishedAt", publishedAt.toString());
        variables.put("urgent", urgent);
        variables.put("releaseType", "patch");
        variables.put("notesUrl", "https://github.com/mastodon/mastodon/releases/tag/v" + version);
        return runtime.startProcessInstanceByKey("upgrade-rollout", version, variables).getId();
    }

    void awaitWaitingFor(String version, String message) {
        await().atMost(Duration.ofSeconds(60)).until(() -> runtime.createExecutionQuery()
                .messageEventSubscriptionName(message).processInstanceBusinessKey(version, true).count() == 1);
    }

    void press(String action, String version) {
        assertThat(SlackRequests.send(http, SIGNING_SECRET, SlackRequests.press(action, version, OPERATOR,
                FakeSlack.CHANNEL)).statusCode()).isEqualTo(200);
    }

    void awaitEnded(String runId) {
        await().atMost(Duration.ofSeconds(90)).until(() -> history.createHistoricProcessInstanceQuery()
                .processInstanceId(runId).finished().count() == 1);
    }

    JsonNode rollout(String runId) {
        return (JsonNode) history.createHistoricVariableInstanceQuery().processInstanceId(runId).variableName("rollout")
                .singleResult().getValue();
    }

    List<String> threadReplies(String text) {
        return SLACK.server().findAll(postRequestedFor(urlPathEqualTo("/api/chat.postMessage"))).stream()
                .map(FakeSlack::form).filter(f -> f.containsKey("thread_ts"))
                .map(f -> f.getOrDefault("text", "") + "\n" + f.getOrDefault("blocks", ""))
                .filter(t -> t.contains(text)).toList();
    }

    List<LoggedRequest> announcements() {
        return SLACK.server().findAll(postRequestedFor(urlPathEqualTo("/api/chat.postMessage"))).stream()
                .filter(r -> !FakeSlack.form(r).containsKey("thread_ts")).toList();
    }

    /** The fleet's calls that changed or would change something: everything but health lines. */
    List<String> commandsOn(String host) {
        return FLEET.calls().stream().filter(c -> c.startsWith(host + " ") && !c.contains(" healthy ")).toList();
    }

}
