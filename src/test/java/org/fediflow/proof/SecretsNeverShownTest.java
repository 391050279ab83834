package org.fediflow.proof;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.fediflow.testing.FakeMastodon;
import org.fediflow.testing.FakeSlack;
import org.fediflow.testing.Http;
import org.fediflow.testing.Programs;
import org.fediflow.testing.Slow;
import org.fediflow.testing.TestDiagrams;
import org.fediflow.testing.Webhooks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every secret Fediflow is given is set to a known value, the flows run (a report, an incident and its alert, a
 * Ko-fi donation, a run started with a secret variable, steps with named credentials against a server that echoes
 * them, a mail login refused), and then the log, every operator API answer, what went to
 * Slack, and the run history in the database are searched for each value.
 */
@Slow
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fediflow.admin.password=" + SecretsNeverShownTest.ADMIN_PASSWORD,
        "fediflow.mastodon.webhook-secret=" + SecretsNeverShownTest.MASTODON_SECRET,
        "fediflow.mastodon.access-token=" + SecretsNeverShownTest.MASTODON_TOKEN,
        "fediflow.slack.bot-token=" + SecretsNeverShownTest.SLACK_TOKEN,
        "fediflow.slack.signing-secret=" + SecretsNeverShownTest.SLACK_SIGNING,
        "fediflow.patreon.webhook-secret=" + SecretsNeverShownTest.PATREON_SECRET,
        "fediflow.kofi.verification-token=" + SecretsNeverShownTest.KOFI_TOKEN,
        // A bucket that cannot be reached, so the backup run fails and its error goes everywhere errors go.
        "fediflow.storage.endpoint=http://127.0.0.1:9",
        "fediflow.storage.bucket=secrets-bucket",
        "fediflow.storage.key-id=0031secretskeyid",
        "fediflow.storage.application-key=" + SecretsNeverShownTest.B2_KEY,
        "fediflow.backup.recipients=age12yxsa3d0l2h5y4kepgze6qarq0zeawg0xddyfqwgkc0krn9w6qasrwccgu",
        "fediflow.backup.redis.url=redis://127.0.0.1:6379",
        "fediflow.slack.channels.moderation=" + FakeSlack.CHANNEL,
        "fediflow.slack.channels.donations=C0DONATIONS",
        "fediflow.slack.channels.ops=C0OPS",
        "fediflow.slack.moderators=U0MODERATOR",
        "fediflow.inbox.poll-interval=100ms",
        "fediflow.workflow.retries=2",
        "fediflow.workflow.retry-wait=1s",
        "fediflow.credentials.hook.type=bearer",
        "fediflow.credentials.hook.token=" + SecretsNeverShownTest.CREDENTIAL_TOKEN,
        "fediflow.credentials.partner.type=header",
        "fediflow.credentials.partner.header=X-Api-Key",
        "fediflow.credentials.partner.value=" + SecretsNeverShownTest.CREDENTIAL_HEADER_VALUE,
        "fediflow.credentials.signer.type=hmac-sha256",
        "fediflow.credentials.signer.header=X-Signature",
        "fediflow.credentials.signer.secret=" + SecretsNeverShownTest.CREDENTIAL_HMAC_SECRET,
        "fediflow.credentials.signer.prefix=sha256=",
        "fediflow.mail.from=fediflow@example.social",
        "spring.mail.host=127.0.0.1",
        "spring.mail.username=fediflow@example.social",
        "spring.mail.password=" + SecretsNeverShownTest.MAIL_PASSWORD,
        "spring.mail.properties.mail.smtp.auth=true",
        "logging.level.org.fediflow=debug"})
class SecretsNeverShownTest {

    static final String ADMIN_PASSWORD = "S3CRET-admin-password-4e1f";
    static final String MASTODON_SECRET = "S3CRET-mastodon-webhook-77aa";
    static final String MASTODON_TOKEN = "S3CRET-mastodon-token-91bc";
    static final String SLACK_TOKEN = "xoxb-S3CRET-slack-token-5d2e";
    static final String SLACK_SIGNING = "S3CRET-slack-signing-0c3d";
    static final String PATREON_SECRET = "S3CRET-patreon-6b7f";
    static final String KOFI_TOKEN = "S3CRET-kofi-token-2a9e";
    static final String B2_KEY = "K003S3CRETb2applicationkey5e";
    static final String SSH_KEY = "S3CRET-ssh-private-key-body-6c1d";
    static final String VARIABLE_SECRET = "S3CRET-run-variable-8f00";
    static final String CREDENTIAL_TOKEN = "S3CRET-credential-bearer-31aa";
    static final String CREDENTIAL_URL_SECRET = "S3CRETcredentialwebhookpath44bb";
    static final String CREDENTIAL_HEADER_VALUE = "S3CRET-credential-header-55cc";
    static final String CREDENTIAL_HMAC_SECRET = "S3CRET-credential-hmac-66dd";
    static final String MAIL_PASSWORD = "S3CRET-smtp-password-77ee";
    static final List<String> SECRETS = List.of(ADMIN_PASSWORD, MASTODON_SECRET, MASTODON_TOKEN, SLACK_TOKEN,
            SLACK_SIGNING, PATREON_SECRET, KOFI_TOKEN, B2_KEY, SSH_KEY, CREDENTIAL_TOKEN, CREDENTIAL_URL_SECRET,
            CREDENTIAL_HEADER_VALUE, CREDENTIAL_HMAC_SECRET, MAIL_PASSWORD);

    static final FakeSlack SLACK = new FakeSlack();
    static final FakeMastodon MASTODON = new FakeMastodon();
    /** Where the credential steps call: it echoes the secrets back, as a careless API might. */
    static final WireMockServer TARGETS = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    static final int SMTP_PORT = Programs.freePort();
    /** An SMTP server that knows another password: the login is refused and becomes an incident. */
    static final GreenMail SMTP = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("fediflow@example.social", "another-password"));
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + TestDiagrams.tempFolder() + "/fediflow");
        Path diagrams = TestDiagrams.shipped("report-to-moderators.bpmn", "donation-recording.bpmn", "backup.bpmn");
        // The SSH client key file: its content must never be shown, only its path is configuration.
        Path sshKey = Files.createTempFile("fediflow-ssh", ".key");
        Files.writeString(sshKey, "-----BEGIN OPENSSH PRIVATE KEY-----\n" + SSH_KEY + "\n-----END OPENSSH PRIVATE KEY-----\n");
        registry.add("fediflow.ssh.private-key-file", sshKey::toString);
        Files.copy(TestDiagrams.folderWith("flaky-steps.bpmn").resolve("flaky-steps.bpmn"), diagrams.resolve("flaky-steps.bpmn"));
        registry.add("fediflow.bpmn.dir", diagrams::toString);
        registry.add("fediflow.slack.api-url", SLACK::apiUrl);
        registry.add("fediflow.mastodon.base-url", MASTODON::baseUrl);
        TARGETS.start();
        SMTP.start();
        registry.add("fediflow.credentials.hook.url", () -> TARGETS.baseUrl() + "/hooks/" + CREDENTIAL_URL_SECRET);
        registry.add("spring.mail.port", () -> SMTP_PORT);
        Files.copy(TestDiagrams.folderWith("credential-steps.bpmn").resolve("credential-steps.bpmn"),
                diagrams.resolve("credential-steps.bpmn"));
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
    JdbcTemplate jdbc;

    @Test
    void noSecretAppearsInLogsApiAnswersSlackOrRunHistory(CapturedOutput log) throws Exception {
        Http http = new Http(port);
        String admin = Http.basic("admin", ADMIN_PASSWORD);

        // A report whose fetch fails: retries, an incident, an alert with the error.
        MASTODON.server().stubFor(any(urlPathEqualTo("/api/v1/admin/reports/424242")).atPriority(1)
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"The access token is invalid\"}")));
        String report = Webhooks.mastodonEvent("report.created", "{\"id\":\"424242\",\"comment\":\"thin\"}");
        assertThat(http.post("/webhooks/mastodon", report, "Content-Type", "application/json",
                "X-Hub-Signature", Webhooks.mastodonSignature(MASTODON_SECRET, report)).statusCode()).isEqualTo(200);
        // A report that goes through.
        String full = Webhooks.mastodonEvent("report.created", FakeMastodon.reportJson("424243", "spam", false, false));
        http.post("/webhooks/mastodon", full, "Content-Type", "application/json",
                "X-Hub-Signature", Webhooks.mastodonSignature(MASTODON_SECRET, full));
        // A Ko-fi donation carrying its verification token.
        String data = "{\"verification_token\":\"" + KOFI_TOKEN + "\",\"message_id\":\"secrets-1\",\"timestamp\":\"2026-11-28T10:00:00Z\","
                + "\"type\":\"Donation\",\"is_public\":true,\"from_name\":\"Ann\",\"message\":\"hi\",\"amount\":\"3.00\","
                + "\"currency\":\"EUR\",\"kofi_transaction_id\":\"secrets-tx-1\"}";
        assertThat(http.post("/webhooks/kofi", "data=" + URLEncoder.encode(data, StandardCharsets.UTF_8),
                "Content-Type", "application/x-www-form-urlencoded").statusCode()).isEqualTo(200);
        // Wrong signatures, which get logged as refusals.
        http.post("/webhooks/mastodon", report, "Content-Type", "application/json", "X-Hub-Signature", "sha256=00");
        // A backup against a bucket that does not answer: retries, an incident, an alert.
        assertThat(http.post("/api/definitions/backup/start", "{}", "Content-Type", "application/json",
                "Authorization", admin).statusCode()).isEqualTo(201);
        // A run started by an operator with a secret-looking variable that then fails.
        String started = JSON.readTree(http.post("/api/definitions/test-flaky/start",
                "{\"key\":\"secrets\",\"failures\":1,\"kind\":\"bad-input\",\"apiToken\":\"" + VARIABLE_SECRET + "\"}",
                "Content-Type", "application/json", "Authorization", admin).body()).get("id").asString();

        // Steps with named credentials: an answer echoing them, a failure whose body holds one, a signed post, a
        // refused mail login.
        TARGETS.stubFor(get(urlPathEqualTo("/hooks/" + CREDENTIAL_URL_SECRET + "/echo")).willReturn(okJson(
                "{\"auth\":\"Bearer " + CREDENTIAL_TOKEN + "\",\"url\":\"/hooks/" + CREDENTIAL_URL_SECRET + "\"}")));
        TARGETS.stubFor(post(urlPathEqualTo("/fail")).willReturn(aResponse().withStatus(500)
                .withBody("upstream said: bad key " + CREDENTIAL_HEADER_VALUE)));
        TARGETS.stubFor(post(urlPathEqualTo("/signed")).willReturn(okJson("{\"ok\":true}")));
        String credentialRun = JSON.readTree(http.post("/api/definitions/test-credentials/start",
                "{\"targets\":\"" + TARGETS.baseUrl() + "\"}", "Content-Type", "application/json", "Authorization", admin)
                .body()).get("id").asString();
        // The four steps run one at a time (one run's jobs are exclusive), in no fixed order: two end in incidents,
        // the signed post succeeds.
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM act_ru_deadletter_job WHERE process_instance_id_ = ?", Integer.class, credentialRun) == 2
                && !TARGETS.findAll(postRequestedFor(urlPathEqualTo("/signed"))).isEmpty());
        TARGETS.verify(postRequestedFor(urlPathEqualTo("/fail")).withHeader("X-Api-Key", equalTo(CREDENTIAL_HEADER_VALUE)));
        TARGETS.verify(postRequestedFor(urlPathEqualTo("/signed")).withHeader("X-Signature", matching("sha256=[0-9a-f]{64}")));

        await().atMost(Duration.ofSeconds(60)).until(() -> SLACK.requestsContaining("chat.postMessage", "C0OPS").size() >= 3
                && !SLACK.cardsPerReport().isEmpty()
                && !SLACK.requestsContaining("chat.postMessage", "C0DONATIONS").isEmpty());

        List<String> seen = new ArrayList<>();
        seen.add("log:\n" + log.getAll());
        for (String path : List.of("/api/definitions", "/api/instances", "/api/incidents", "/api/inbox", "/api/funding")) {
            seen.add(path + ": " + http.get(path, "Authorization", admin).body());
        }
        for (JsonNode run : JSON.readTree(http.get("/api/instances", "Authorization", admin).body())) {
            String id = run.get("id").asString();
            seen.add("/api/instances/" + id + ": " + http.get("/api/instances/" + id, "Authorization", admin).body());
            seen.add("/api/runs/" + id + "/steps: " + http.get("/api/runs/" + id + "/steps", "Authorization", admin).body());
        }
        SLACK.requests("chat.postMessage").forEach(r -> seen.add("slack: " + r.getBodyAsString()));
        seen.add("history: " + jdbc.queryForList("SELECT name_, text_, text2_ FROM act_hi_varinst"));
        seen.add("details: " + jdbc.queryForList("SELECT * FROM act_hi_detail"));
        seen.add("jobs: " + jdbc.queryForList("SELECT exception_msg_ FROM act_ru_deadletter_job"));
        for (Map<String, Object> blob : jdbc.queryForList("SELECT name_, bytes_ FROM act_ge_bytearray")) {
            byte[] bytes = (byte[]) blob.get("bytes_");
            seen.add("bytearray " + blob.get("name_") + ": " + (bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1)));
        }
        seen.add("inbox: " + jdbc.queryForList("SELECT * FROM inbox_event"));
        seen.add("step records: " + jdbc.queryForList("SELECT * FROM step_record"));
        seen.add("/api/backups: " + http.get("/api/backups", "Authorization", admin).body());

        assertThat(http.get("/api/instances/" + started, "Authorization", admin).body())
                .as("the run's own secret variable is masked").doesNotContain(VARIABLE_SECRET).contains("apiToken");
        assertThat(String.join("\n", seen)).as("the places searched hold the runs' data")
                .contains("424242").contains("secrets-tx-1").contains("The access token is invalid")
                .contains("echoed").contains("upstream said: bad key").contains("refused the login");
        for (String place : seen) {
            for (String secret : SECRETS) {
                assertThat(place).as("%s found in %s", secret, place.substring(0, Math.min(60, place.length())))
                        .doesNotContain(secret);
            }
        }
    }
}
