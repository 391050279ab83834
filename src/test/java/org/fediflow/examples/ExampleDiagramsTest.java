package org.fediflow.examples;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import jakarta.mail.internet.MimeMessage;

import org.fediflow.testing.FakeMastodon;
import org.fediflow.testing.FakeSlack;
import org.fediflow.testing.Http;
import org.fediflow.testing.Programs;
import org.fediflow.testing.Slow;
import org.fediflow.testing.TestDiagrams;
import org.fediflow.testing.Webhooks;
import org.fediflow.workflow.DeploymentOutcome;
import org.fediflow.workflow.Diagrams;
import org.flowable.engine.HistoryService;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.job.api.Job;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Each diagram of {@code bpmn/examples/} deployed on its own (several start on the same event) and run end to end from
 * a real delivery: Uptime Kuma and Mastodon webhooks, Ko-fi's form post, a timer; HTTP targets on WireMock, Slack and
 * Mastodon fakes, a real SMTP server.
 */
@Slow
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fediflow.mastodon.webhook-secret=" + ExampleDiagramsTest.MASTODON_SECRET,
        "fediflow.mastodon.access-token=" + FakeMastodon.TOKEN,
        "fediflow.kofi.verification-token=" + ExampleDiagramsTest.KOFI_TOKEN,
        "fediflow.slack.bot-token=" + FakeSlack.BOT_TOKEN,
        "fediflow.slack.signing-secret=examples-signing-secret",
        "fediflow.slack.channels.ops=C0OPS",
        "fediflow.slack.channels.onboarding=C0ONBOARD",
        "fediflow.slack.channels.moderation=C0MODERATE",
        "fediflow.sources.uptime-kuma.auth=none",
        "fediflow.sources.uptime-kuma.allowed-ips=127.0.0.1,::1",
        "fediflow.sources.uptime-kuma.event-pointer=/heartbeat/status",
        "fediflow.sources.uptime-kuma.business-key-pointer=/monitor/name",
        "fediflow.credentials.matrix.type=bearer",
        "fediflow.credentials.matrix.token=" + ExampleDiagramsTest.MATRIX_TOKEN,
        "fediflow.credentials.ntfy.type=bearer",
        "fediflow.credentials.ntfy.token=" + ExampleDiagramsTest.NTFY_TOKEN,
        "fediflow.mail.from=fediflow@example.social",
        "spring.mail.host=127.0.0.1",
        "fediflow.inbox.poll-interval=100ms",
        "fediflow.workflow.retries=2",
        "fediflow.workflow.retry-wait=1s"})
class ExampleDiagramsTest {

    static final String MASTODON_SECRET = "examples-mastodon-secret";
    static final String KOFI_TOKEN = "examples-kofi-token";
    static final String MATRIX_TOKEN = "examples-matrix-token";
    static final String NTFY_TOKEN = "examples-ntfy-token";
    static final String DISCORD_HOOK = "/api/webhooks/123/examplesDiscordWebhookToken";

    static final FakeSlack SLACK = new FakeSlack();
    static final FakeMastodon MASTODON = new FakeMastodon();
    static final WireMockServer TARGETS = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    static final int SMTP_PORT = Programs.freePort();
    static final GreenMail SMTP = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        TARGETS.start();
        SMTP.start();
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + TestDiagrams.tempFolder() + "/fediflow");
        // Nothing shipped is deployed, each test deploys its example; the examples sit in a subfolder, as in bpmn/.
        Path folder = TestDiagrams.folderWith();
        FileSystemUtils.copyRecursively(Path.of("bpmn/examples"), folder.resolve("examples"));
        registry.add("fediflow.bpmn.dir", folder::toString);
        registry.add("fediflow.slack.api-url", SLACK::apiUrl);
        registry.add("fediflow.mastodon.base-url", MASTODON::baseUrl);
        registry.add("fediflow.credentials.discord.url", () -> TARGETS.baseUrl() + DISCORD_HOOK);
        registry.add("fediflow.credentials.matrix.url", TARGETS::baseUrl);
        registry.add("fediflow.credentials.ntfy.url", TARGETS::baseUrl);
        registry.add("spring.mail.port", () -> SMTP_PORT);
    }

    @AfterAll
    static void stopFakes() {
        SLACK.close();
        MASTODON.close();
        TARGETS.stop();
        SMTP.stop();
    }

    @LocalServerPort
    int port;
    @Autowired
    Diagrams diagrams;
    @Autowired
    RepositoryService repository;
    @Autowired
    HistoryService history;
    @Autowired
    ManagementService management;
    @Autowired
    RuntimeService runtime;

    private void deploy(String example) throws Exception {
        byte[] xml = Files.readAllBytes(Path.of("bpmn/examples", example));
        DeploymentOutcome outcome = diagrams.deploy(example, xml);
        assertThat(outcome).as(example).isInstanceOf(DeploymentOutcome.Deployed.class);
    }

    @AfterEach
    void undeploy() {
        await().atMost(Duration.ofSeconds(30)).until(() -> runtime.createProcessInstanceQuery().count() == 0);
        repository.createDeploymentQuery().list().forEach(d -> repository.deleteDeployment(d.getId(), true));
        SLACK.reset();
        SLACK.server().resetRequests();
        TARGETS.resetAll();
    }

    private long finished(String key) {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey(key).finished().count();
    }

    private void mastodon(String event, String object) {
        String body = Webhooks.mastodonEvent(event, object);
        assertThat(new Http(port).post("/webhooks/mastodon", body, "Content-Type", "application/json",
                "X-Hub-Signature", Webhooks.mastodonSignature(MASTODON_SECRET, body)).statusCode()).isEqualTo(200);
    }

    private void uptimeKuma(int status, String monitor, String msg) {
        String body = "{\"heartbeat\":{\"status\":" + status + ",\"msg\":\"" + msg + "\",\"time\":\"2026-12-01 10:00:0" + status
                + "\"},\"monitor\":{\"name\":\"" + monitor + "\",\"url\":\"https://example.social\"},\"msg\":\"[" + monitor + "]\"}";
        assertThat(new Http(port).post("/webhooks/uptime-kuma", body, "Content-Type", "application/json").statusCode())
                .isEqualTo(200);
    }

    private static List<String> slackTexts(String channel) {
        return SLACK.requests("chat.postMessage").stream().map(FakeSlack::form)
                .filter(form -> channel.equals(form.get("channel"))).map(form -> form.get("text")).toList();
    }

    @Test
    void examplesInASubfolderOfTheDiagramsFolderAreNotDeployed() {
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> repository.createDeploymentQuery().count() == 0);
    }

    @Test
    void uptimeKumaDownAndUpArePostedToTheOpsChannel() throws Exception {
        deploy("uptime-kuma-to-slack.bpmn");

        uptimeKuma(0, "web", "connect ETIMEDOUT");
        await().atMost(Duration.ofSeconds(30)).until(() -> slackTexts("C0OPS").size() == 1);
        uptimeKuma(1, "web", "200 - OK");
        await().atMost(Duration.ofSeconds(30)).until(() -> slackTexts("C0OPS").size() == 2);

        assertThat(slackTexts("C0OPS")).containsExactly(
                ":red_circle: web is down: connect ETIMEDOUT https://example.social",
                ":large_green_circle: web is up again: 200 - OK");
    }

    @Test
    void dailySignUpsAskMastodonForYesterdaysMeasureAndPostTheCount() throws Exception {
        MASTODON.server().stubFor(post(urlPathEqualTo("/api/v1/admin/measures")).willReturn(okJson(
                "[{\"key\":\"new_users\",\"unit\":null,\"total\":\"12\",\"previous_total\":\"9\",\"data\":[]}]")));
        deploy("daily-signups-to-slack.bpmn");
        String definition = repository.createProcessDefinitionQuery().processDefinitionKey("daily-signups-to-slack")
                .singleResult().getId();
        Job timer = management.createTimerJobQuery().processDefinitionId(definition).singleResult();
        assertThat(timer.getDuedate().toInstant().atZone(java.time.ZoneId.systemDefault()).getHour()).isEqualTo(9);

        management.moveTimerToExecutableJob(timer.getId());

        String yesterday = LocalDate.now().minusDays(1).toString();
        await().atMost(Duration.ofSeconds(30)).until(() -> !slackTexts("C0ONBOARD").isEmpty());
        assertThat(slackTexts("C0ONBOARD")).containsExactly("New sign-ups on " + yesterday + ": 12");
        MASTODON.server().verify(postRequestedFor(urlPathEqualTo("/api/v1/admin/measures"))
                .withHeader("Authorization", equalTo("Bearer " + FakeMastodon.TOKEN))
                .withHeader("Idempotency-Key", containing(":count"))
                .withRequestBody(equalToJson("{\"keys\":[\"new_users\"],\"start_at\":\"" + yesterday + "\",\"end_at\":\""
                        + yesterday + "\"}")));
    }

    @Test
    void newReportGoesToDiscordAndAGoneWebhookTellsOps() throws Exception {
        TARGETS.stubFor(post(urlPathEqualTo(DISCORD_HOOK)).willReturn(okJson("{\"id\":\"1300\"}")));
        deploy("report-to-discord.bpmn");
        mastodon("report.created", FakeMastodon.reportJson("7001", "He wrote \"buy now\" @everyone <b> ${1+1}", false, false));
        await().atMost(Duration.ofSeconds(30)).until(() -> finished("report-to-discord") == 1);

        List<LoggedRequest> posted = TARGETS.findAll(postRequestedFor(urlPathEqualTo(DISCORD_HOOK)));
        assertThat(posted).hasSize(1);
        assertThat(posted.get(0).queryParameter("wait").firstValue()).isEqualTo("true");
        assertThat(posted.get(0).getBodyAsString()).isEqualTo("{\"content\":\"New report #7001 (spam) against spammer@spam.example: "
                + "He wrote \\\"buy now\\\" @everyone <b> ${1+1}\",\"allowed_mentions\":{\"parse\":[]}}");

        TARGETS.stubFor(post(urlPathEqualTo(DISCORD_HOOK)).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Unknown Webhook\",\"code\":10015}")));
        mastodon("report.created", FakeMastodon.reportJson("7002", "spam", false, false));
        await().atMost(Duration.ofSeconds(30)).until(() -> finished("report-to-discord") == 2);
        assertThat(slackTexts("C0OPS")).singleElement().asString().startsWith("The Discord webhook is gone (404): report #7002");
    }

    @Test
    void anExampleRunsBesideTheShippedDiagramOnTheSameEvent() throws Exception {
        TARGETS.stubFor(post(urlPathEqualTo(DISCORD_HOOK)).willReturn(okJson("{\"id\":\"1302\"}")));
        MASTODON.report("7004", "both", false);
        DeploymentOutcome shipped = diagrams.deploy("report-to-moderators.bpmn",
                Files.readAllBytes(Path.of("bpmn/report-to-moderators.bpmn")));
        assertThat(shipped).isInstanceOf(DeploymentOutcome.Deployed.class);
        deploy("report-to-discord.bpmn");

        mastodon("report.created", FakeMastodon.reportJson("7004", "both", false, false));

        await().atMost(Duration.ofSeconds(40)).until(() -> finished("report-to-discord") == 1
                && SLACK.cardsPerReport().getOrDefault("7004", 0L) == 1);
        TARGETS.verify(1, postRequestedFor(urlPathEqualTo(DISCORD_HOOK)).withRequestBody(containing("New report #7004")));
        // The shipped run now waits for a moderator's button; end it once no step of it is running.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            for (var run : runtime.createProcessInstanceQuery().processDefinitionKey("report-to-moderators").list()) {
                if (management.createJobQuery().processInstanceId(run.getId()).count() == 0) {
                    runtime.deleteProcessInstance(run.getId(), "test over");
                }
            }
            return runtime.createProcessInstanceQuery().processDefinitionKey("report-to-moderators").count() == 0;
        });
    }

    @Test
    void discordRateLimitIsWaitedOutAsItsRetryAfterSaysThenPostedOnce() throws Exception {
        TARGETS.stubFor(post(urlPathEqualTo(DISCORD_HOOK)).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("open").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"You are being rate limited.\",\"retry_after\":3.0,\"global\":false}")));
        TARGETS.stubFor(post(urlPathEqualTo(DISCORD_HOOK)).inScenario("limit").whenScenarioStateIs("open")
                .willReturn(okJson("{\"id\":\"1301\"}")));
        deploy("report-to-discord.bpmn");

        mastodon("report.created", FakeMastodon.reportJson("7003", "spam", false, false));
        await().atMost(Duration.ofSeconds(40)).until(() -> finished("report-to-discord") == 1);

        List<LoggedRequest> tries = TARGETS.findAll(postRequestedFor(urlPathEqualTo(DISCORD_HOOK)));
        assertThat(tries).hasSize(2);
        long waited = Math.abs(tries.get(0).getLoggedDate().getTime() - tries.get(1).getLoggedDate().getTime());
        assertThat(waited).as("the retry waits Discord's Retry-After, not the shorter retry-wait").isGreaterThanOrEqualTo(3000);
        assertThat(tries.get(1).getHeader("Idempotency-Key")).isEqualTo(tries.get(0).getHeader("Idempotency-Key"));
        assertThat(slackTexts("C0OPS")).isEmpty();
    }

    @Test
    void kofiDonationIsMailedToTheTreasurer() throws Exception {
        deploy("donation-to-treasurer.bpmn");
        String data = "{\"verification_token\":\"" + KOFI_TOKEN + "\",\"message_id\":\"ex-1\",\"timestamp\":\"2026-12-01T10:00:00Z\","
                + "\"type\":\"Donation\",\"is_public\":false,\"from_name\":\"Ann\",\"message\":\"Keep it up\",\"amount\":\"5.00\","
                + "\"currency\":\"EUR\",\"kofi_transaction_id\":\"ex-tx-1\"}";

        assertThat(new Http(port).post("/webhooks/kofi", "data=" + URLEncoder.encode(data, StandardCharsets.UTF_8),
                "Content-Type", "application/x-www-form-urlencoded").statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> SMTP.getReceivedMessages().length == 1);
        MimeMessage mail = SMTP.getReceivedMessages()[0];
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("treasurer@example.org");
        assertThat(mail.getSubject()).isEqualTo("New Ko-fi donation: 5.00 EUR");
        assertThat(GreenMailUtil.getBody(mail)).contains("Ann gave 5.00 EUR on Ko-fi (Donation, public: false)")
                .contains("Message: Keep it up").contains("ex-tx-1").doesNotContain(KOFI_TOKEN);
    }

    @Test
    void aDiagramNamingACredentialThatIsNotConfiguredIsRefusedAtDeploy() throws Exception {
        String xml = Files.readString(Path.of("bpmn/examples/report-to-discord.bpmn"))
                .replace("stringValue=\"discord\"", "stringValue=\"discrod\"");

        DeploymentOutcome outcome = diagrams.deploy("report-to-discord.bpmn", xml.getBytes(StandardCharsets.UTF_8));

        assertThat(outcome).isInstanceOfSatisfying(DeploymentOutcome.Rejected.class, rejected ->
                assertThat(rejected.problems()).singleElement().satisfies(problem -> {
                    assertThat(problem.elementId()).isEqualTo("send");
                    assertThat(problem.message()).contains("no credential 'discrod'").contains("fediflow.credentials.discrod");
                }));
    }

    @Test
    void aTemplateWithAnExpressionThatDoesNotParseIsRefusedAtDeploy() throws Exception {
        String xml = Files.readString(Path.of("bpmn/examples/report-to-discord.bpmn"))
                .replace("${payload.object.comment}", "${payload.object.comment +}");

        DeploymentOutcome outcome = diagrams.deploy("report-to-discord.bpmn", xml.getBytes(StandardCharsets.UTF_8));

        assertThat(outcome).isInstanceOfSatisfying(DeploymentOutcome.Rejected.class, rejected ->
                assertThat(rejected.problems()).singleElement().satisfies(problem -> {
                    assertThat(problem.elementId()).isEqualTo("shape");
                    assertThat(problem.message()).contains("input 'template'").contains("does not parse");
                }));
    }

    @Test
    void onlyPublicPostsByStaffAreLinkedInSlack() throws Exception {
        deploy("staff-posts-to-slack.bpmn");

        mastodon("status.created", status("9001", "admin", "public"));
        mastodon("status.created", status("9002", "someone", "public"));
        mastodon("status.created", status("9003", "admin", "direct"));
        mastodon("status.created", status("9004", "admin@elsewhere.example", "public"));
        await().atMost(Duration.ofSeconds(30)).until(() -> finished("staff-posts-to-slack") == 4);

        assertThat(slackTexts("C0MODERATE")).containsExactly("New post by @admin: https://example.social/@admin/9001");
    }

    private static String status(String id, String acct, String visibility) {
        return "{\"id\":\"" + id + "\",\"created_at\":\"2026-12-01T10:00:00.000Z\",\"visibility\":\"" + visibility
                + "\",\"url\":\"https://example.social/@" + acct + "/" + id + "\",\"content\":\"<p>hello</p>\","
                + "\"account\":{\"id\":\"1\",\"username\":\"" + acct.replaceAll("@.*", "") + "\",\"acct\":\"" + acct + "\"}}";
    }

    @Test
    void matrixRecipeSendsTheReportToTheRoomOnceWithATransactionIdPerStep() throws Exception {
        TARGETS.stubFor(put(urlPathMatching("/_matrix/client/v3/rooms/.*/send/m.room.message/.*"))
                .willReturn(okJson("{\"event_id\":\"$ev1\"}")));
        deploy("report-to-matrix.bpmn");

        mastodon("report.created", FakeMastodon.reportJson("7101", "rude \"words\"", false, false));
        await().atMost(Duration.ofSeconds(30)).until(() -> finished("report-to-matrix") == 1);

        List<LoggedRequest> sent = TARGETS.findAll(putRequestedFor(urlPathMatching("/_matrix/.*")));
        assertThat(sent).hasSize(1);
        String run = history.createHistoricProcessInstanceQuery().processDefinitionKey("report-to-matrix").singleResult().getId();
        assertThat(sent.get(0).getUrl()).isEqualTo("/_matrix/client/v3/rooms/%21moderation%3Aexample.org/send/m.room.message/fediflow-"
                + run + "-send");
        assertThat(sent.get(0).getHeader("Authorization")).isEqualTo("Bearer " + MATRIX_TOKEN);
        assertThat(sent.get(0).getBodyAsString()).isEqualTo("{\"msgtype\":\"m.text\",\"body\":\"New report #7101 against "
                + "spammer@spam.example: rude \\\"words\\\"\"}");
    }

    @Test
    void ntfyRecipePushesADownMonitorWithTitleAndPriority() throws Exception {
        TARGETS.stubFor(post(urlPathEqualTo("/fediflow-alerts")).willReturn(okJson("{\"id\":\"n1\",\"event\":\"message\"}")));
        deploy("uptime-kuma-to-ntfy.bpmn");

        uptimeKuma(0, "mail", "No heartbeat in the time window");
        await().atMost(Duration.ofSeconds(30)).until(() -> finished("uptime-kuma-to-ntfy") == 1);

        TARGETS.verify(1, postRequestedFor(urlPathEqualTo("/fediflow-alerts"))
                .withHeader("Authorization", equalTo("Bearer " + NTFY_TOKEN))
                .withHeader("Title", equalTo("Monitor down")).withHeader("Priority", equalTo("high"))
                .withRequestBody(equalTo("mail is down: No heartbeat in the time window")));
    }
}
