package org.fediflow.connector.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToIgnoreCase;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.StepContext;
import org.fediflow.connector.credentials.Credential;
import org.fediflow.connector.credentials.Credentials;
import org.fediflow.connector.credentials.CredentialsProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import com.github.tomakehurst.wiremock.WireMockServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class HttpRequestConnectorTest {

    static final String TOKEN = "S3CRET-bearer-token-1f2e";
    static final String PASSWORD = "S3CRET-basic-password-77";
    static final String API_KEY = "S3CRET-header-value-a1b2";
    static final String HMAC_SECRET = "S3CRET-hmac-key-9c8d";
    static final String HOOK_TOKEN = "S3CRETwebhooktoken0042";
    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    static final StepContext STEP = new StepContext("run-1:notify", "run-1", "k", "notify");
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private final HttpRequestConnector http;

    HttpRequestConnectorTest() {
        server.start();
        http = connector(false, DataSize.ofKilobytes(64));
    }

    private HttpRequestConnector connector(boolean allowLinkLocal, DataSize cap) {
        Map<String, CredentialsProperties.Entry> entries = new LinkedHashMap<>();
        entries.put("ntfy", new CredentialsProperties.Entry(Credential.Type.BEARER, TOKEN, null, null, null, null, null, null, null));
        entries.put("grafana", new CredentialsProperties.Entry(Credential.Type.BASIC, null, "fediflow", PASSWORD, null, null, null, null, null));
        entries.put("status", new CredentialsProperties.Entry(Credential.Type.HEADER, null, null, null, "X-Api-Key", API_KEY, null, null, null));
        entries.put("partner", new CredentialsProperties.Entry(Credential.Type.HMAC_SHA256, null, null, null, "X-Signature", null, HMAC_SECRET, "sha256=", null));
        entries.put("discord", new CredentialsProperties.Entry(null, null, null, null, null, null, null, null,
                server.baseUrl() + "/api/webhooks/123/" + HOOK_TOKEN));
        return new HttpRequestConnector(new Credentials(new CredentialsProperties(entries)),
                new HttpProperties(allowLinkLocal, cap, 3), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private static HttpRequestConnector.Input input(String url, String method, String query, String headers, Object body,
                                                    String credential, String timeout, String expected) {
        JsonNode bodyNode = body == null ? null : body instanceof JsonNode node ? node : JSON.getNodeFactory().stringNode(body.toString());
        return new HttpRequestConnector.Input(url, method, query == null ? null : JSON.readTree(query),
                headers == null ? null : JSON.readTree(headers), bodyNode, credential, timeout, expected);
    }

    private static HttpRequestConnector.Input getting(String url, String credential) {
        return input(url, null, null, null, null, credential, null, null);
    }

    @Test
    void getWithQueryAndHeadersAnswersStatusHeadersAndParsedJson() {
        server.stubFor(get(urlPathEqualTo("/monitors")).willReturn(okJson("{\"up\":3,\"names\":[\"web\"]}")
                .withHeader("X-Total", "3")));

        HttpRequestConnector.Output out = http.execute(input(server.baseUrl() + "/monitors?x=1", null,
                "{\"state\":\"down up\",\"tag\":[\"a\",\"b\"]}", "{\"Accept\":\"application/json\"}", null, null, null, null), STEP);

        assertThat(out.status()).isEqualTo(200);
        assertThat(out.body().get("up").asInt()).isEqualTo(3);
        assertThat(out.headers().get("x-total").asString()).isEqualTo("3");
        server.verify(getRequestedFor(urlPathEqualTo("/monitors")).withQueryParam("x", equalTo("1"))
                .withQueryParam("state", equalTo("down up")).withQueryParam("tag", equalTo("a"))
                .withQueryParam("tag", equalTo("b")).withHeader("Accept", equalTo("application/json"))
                .withHeader("Idempotency-Key", absent()));
    }

    @Test
    void textAnswerIsKeptAsTextAndEmptyAnswerIsNull() {
        server.stubFor(get(urlPathEqualTo("/text")).willReturn(aResponse().withBody("all good").withHeader("Content-Type", "text/plain")));
        server.stubFor(get(urlPathEqualTo("/empty")).willReturn(aResponse().withStatus(204)));

        assertThat(http.execute(getting(server.baseUrl() + "/text", null), STEP).body().asString()).isEqualTo("all good");
        assertThat(http.execute(getting(server.baseUrl() + "/empty", null), STEP).body()).isNull();
    }

    @Test
    void postSendsJsonTextOrFormBodiesWithTheStepsIdempotencyKey() {
        server.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(201)));

        http.execute(input(server.baseUrl() + "/hook", "post", null, null, JSON.readTree("{\"content\":\"Hi \\\"there\\\"\"}"), null, null, null), STEP);
        http.execute(input(server.baseUrl() + "/hook", "POST", null, null, "plain words", null, null, null), STEP);
        http.execute(input(server.baseUrl() + "/hook", "POST", null, "{\"Content-Type\":\"application/x-www-form-urlencoded\"}",
                JSON.readTree("{\"a\":\"1 & 2\",\"b\":\"x\"}"), null, null, null), STEP);

        server.verify(postRequestedFor(urlPathEqualTo("/hook")).withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"content\":\"Hi \\\"there\\\"\"}"))
                .withHeader("Idempotency-Key", equalTo("run-1:notify")));
        server.verify(postRequestedFor(urlPathEqualTo("/hook")).withHeader("Content-Type", equalToIgnoreCase("text/plain; charset=utf-8"))
                .withRequestBody(equalTo("plain words")));
        server.verify(postRequestedFor(urlPathEqualTo("/hook"))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("a=1+%26+2&b=x")));
    }

    @Test
    void eachCredentialTypeAddsItsHeader() throws Exception {
        server.stubFor(any(urlPathEqualTo("/api")).willReturn(okJson("{}")));
        String body = "{\"event\":\"x\"}";

        http.execute(getting(server.baseUrl() + "/api", "ntfy"), STEP);
        http.execute(getting(server.baseUrl() + "/api", "grafana"), STEP);
        http.execute(getting(server.baseUrl() + "/api", "status"), STEP);
        http.execute(input(server.baseUrl() + "/api", "POST", null, null, body, "partner", null, null), STEP);

        server.verify(getRequestedFor(urlPathEqualTo("/api")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        server.verify(getRequestedFor(urlPathEqualTo("/api")).withHeader("Authorization", equalTo("Basic "
                + java.util.Base64.getEncoder().encodeToString(("fediflow:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))));
        server.verify(getRequestedFor(urlPathEqualTo("/api")).withHeader("X-Api-Key", equalTo(API_KEY)));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(HMAC_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        server.verify(postRequestedFor(urlPathEqualTo("/api")).withHeader("X-Signature", equalTo(expected))
                .withRequestBody(equalTo(body)));
    }

    @Test
    void credentialWithASecretUrlTakesARelativeUrlAndNeverShowsIt() {
        server.stubFor(post(urlPathEqualTo("/api/webhooks/123/" + HOOK_TOKEN)).willReturn(okJson("{\"id\":\"m1\"}")));
        server.stubFor(post(urlPathEqualTo("/api/webhooks/123/" + HOOK_TOKEN + "/slack")).willReturn(aResponse().withStatus(400)
                .withBody("bad hook " + HOOK_TOKEN)));

        HttpRequestConnector.Output out = http.execute(input("?wait=true", "POST", null, null, "{\"content\":\"hi\"}",
                "discord", null, null), STEP);

        assertThat(out.body().get("id").asString()).isEqualTo("m1");
        server.verify(postRequestedFor(urlPathEqualTo("/api/webhooks/123/" + HOOK_TOKEN)).withQueryParam("wait", equalTo("true")));
        assertThatThrownBy(() -> http.execute(input("/slack", "POST", null, null, "{}", "discord", null, null), STEP))
                .isInstanceOfSatisfying(ConnectorFailure.Business.class, e -> assertThat(e.code()).isEqualTo("400"))
                .hasMessageContaining("<discord url>/slack").hasMessageNotContaining(HOOK_TOKEN);
        assertThatThrownBy(() -> http.execute(getting("/relative", null), STEP))
                .isInstanceOf(ConnectorFailure.BadInput.class).hasMessageContaining("not an absolute http(s) URL");
    }

    @Test
    void otherClientErrorsAreBusinessErrorsCodedByStatusUnlessExpected() {
        server.stubFor(get(urlPathEqualTo("/gone")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"no such page\"}")));

        assertThatThrownBy(() -> http.execute(getting(server.baseUrl() + "/gone", null), STEP))
                .isInstanceOfSatisfying(ConnectorFailure.Business.class, e -> assertThat(e.code()).isEqualTo("404"))
                .hasMessageContaining("GET " + server.baseUrl() + "/gone answered 404").hasMessageContaining("no such page");
        HttpRequestConnector.Output out = http.execute(input(server.baseUrl() + "/gone", null, null, null, null, null, null,
                "200-299, 404"), STEP);
        assertThat(out.status()).isEqualTo(404);
        assertThat(out.body().get("error").asString()).isEqualTo("no such page");
    }

    @Test
    void serverErrorsRateLimitsAndTimeoutsAreTemporaryHonouringRetryAfter() {
        server.stubFor(get(urlPathEqualTo("/busy")).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "120")));
        server.stubFor(get(urlPathEqualTo("/limited")).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "Tue, 01 Dec 2026 10:05:00 GMT")));
        server.stubFor(get(urlPathEqualTo("/slow")).willReturn(okJson("{}").withFixedDelay(3_000)));
        server.stubFor(get(urlPathEqualTo("/dribble")).willReturn(okJson("{\"a\":\"" + "x".repeat(5000) + "\"}")
                .withChunkedDribbleDelay(50, 3_000)));

        assertThatThrownBy(() -> http.execute(getting(server.baseUrl() + "/busy", null), STEP))
                .isInstanceOfSatisfying(ConnectorFailure.Temporary.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(120))).hasMessageContaining("503");
        assertThatThrownBy(() -> http.execute(getting(server.baseUrl() + "/limited", null), STEP))
                .isInstanceOfSatisfying(ConnectorFailure.Temporary.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(5))).hasMessageContaining("429");
        assertThatThrownBy(() -> http.execute(input(server.baseUrl() + "/slow", null, null, null, null, null, "PT1S", null), STEP))
                .isInstanceOf(ConnectorFailure.Temporary.class).hasMessageContaining("did not answer within PT1S");
        assertThatThrownBy(() -> http.execute(input(server.baseUrl() + "/dribble", null, null, null, null, null, "PT1S", null), STEP))
                .isInstanceOf(ConnectorFailure.Temporary.class).hasMessageContaining("did not answer within PT1S");
        int closedPort = org.fediflow.testing.Programs.freePort();
        assertThatThrownBy(() -> http.execute(getting("http://127.0.0.1:" + closedPort + "/", null), STEP))
                .isInstanceOf(ConnectorFailure.Temporary.class).hasMessageContaining("cannot reach");
    }

    @Test
    void redirectsAreFollowedUpToTheLimitAndACredentialStaysWithItsHost() {
        WireMockServer other = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        other.start();
        try {
            server.stubFor(get(urlPathEqualTo("/moved")).willReturn(aResponse().withStatus(302).withHeader("Location", "/here")));
            server.stubFor(get(urlPathEqualTo("/here")).willReturn(okJson("{\"here\":true}")));
            server.stubFor(get(urlPathEqualTo("/away")).willReturn(aResponse().withStatus(301)
                    .withHeader("Location", other.baseUrl() + "/there")));
            other.stubFor(get(urlPathEqualTo("/there")).willReturn(okJson("{}")));
            server.stubFor(get(urlPathEqualTo("/loop")).willReturn(aResponse().withStatus(302).withHeader("Location", "/loop")));
            server.stubFor(post(urlPathEqualTo("/form")).willReturn(aResponse().withStatus(303).withHeader("Location", "/here")));

            assertThat(http.execute(getting(server.baseUrl() + "/moved", "ntfy"), STEP).body().get("here").asBoolean()).isTrue();
            server.verify(getRequestedFor(urlPathEqualTo("/here")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
            http.execute(getting(server.baseUrl() + "/away", "ntfy"), STEP);
            other.verify(getRequestedFor(urlPathEqualTo("/there")).withHeader("Authorization", absent()));
            assertThatThrownBy(() -> http.execute(getting(server.baseUrl() + "/loop", null), STEP))
                    .isInstanceOf(ConnectorFailure.BadInput.class).hasMessageContaining("more than 3 redirects");
            assertThat(http.execute(input(server.baseUrl() + "/form", "POST", null, null, "{}", null, null, null), STEP).status())
                    .isEqualTo(200);
            assertThat(server.findAll(getRequestedFor(urlPathEqualTo("/here")))).hasSize(2);
        } finally {
            other.stop();
        }
    }

    @Test
    void linkLocalAndCloudMetadataAddressesAreRefusedUnlessAllowed() throws Exception {
        server.stubFor(get(urlPathEqualTo("/to-metadata")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://169.254.169.254/latest/meta-data/iam/")));

        for (String url : new String[] {"http://169.254.169.254/latest/meta-data/", "http://metadata.google.internal/computeMetadata/v1/",
                "http://[fd00:ec2::254]/latest/", "http://[fe80::1]/", "http://100.100.100.200/", server.baseUrl() + "/to-metadata"}) {
            assertThatThrownBy(() -> http.execute(getting(url, null), STEP)).as(url)
                    .isInstanceOf(ConnectorFailure.BadInput.class).hasMessageContaining("fediflow.http.allow-link-local");
        }
        assertThat(AddressGuard.isMetadata(InetAddress.getByName("::ffff:169.254.169.254"))).isTrue();
        assertThat(AddressGuard.isMetadata(InetAddress.getByName("10.0.0.7"))).isFalse();
        assertThat(AddressGuard.isMetadata(InetAddress.getByName("127.0.0.1"))).isFalse();

        // Allowed, the call is made: whatever it meets (no route, a proxy's refusal), it is not the guard's refusal.
        HttpRequestConnector allowing = connector(true, DataSize.ofKilobytes(64));
        assertThatThrownBy(() -> allowing.execute(input("http://169.254.169.254/", null, null, null, null, null, "PT1S", null), STEP))
                .isInstanceOf(ConnectorFailure.class).hasMessageNotContaining("allow-link-local");
    }

    @Test
    void answerOverTheSizeCapIsAnIncident() {
        server.stubFor(get(urlPathEqualTo("/big")).willReturn(okJson("{\"a\":\"" + "x".repeat(70_000) + "\"}")));

        assertThatThrownBy(() -> http.execute(getting(server.baseUrl() + "/big", null), STEP))
                .isInstanceOf(ConnectorFailure.BadInput.class).hasMessageContaining("larger than 65536B").hasMessageContaining("fediflow.http.max-response-size");
    }

    @Test
    void secretsEchoedByTheServerAreScrubbedFromOutputAndErrors() {
        server.stubFor(get(urlPathEqualTo("/echo")).willReturn(okJson("{\"auth\":\"Bearer " + TOKEN + "\"}")
                .withHeader("X-Echo", TOKEN)));
        server.stubFor(get(urlPathEqualTo("/deny")).willReturn(aResponse().withStatus(401)
                .withBody("token " + TOKEN + " and key " + API_KEY + " refused")));

        HttpRequestConnector.Output out = http.execute(getting(server.baseUrl() + "/echo", "ntfy"), STEP);

        assertThat(JSON.writeValueAsString(out)).doesNotContain(TOKEN).contains("********");
        assertThatThrownBy(() -> http.execute(getting(server.baseUrl() + "/deny", "status"), STEP))
                .isInstanceOfSatisfying(ConnectorFailure.Business.class, e -> assertThat(e.code()).isEqualTo("401"))
                .hasMessageNotContaining(API_KEY);
    }

    @Test
    void badInputsAreIncidentsNamingTheInput() {
        assertThatThrownBy(() -> http.execute(getting(server.baseUrl(), "nope"), STEP))
                .isInstanceOf(ConnectorFailure.BadInput.class).hasMessageContaining("no credential 'nope'")
                .hasMessageContaining("ntfy").hasMessageNotContaining(TOKEN);
        assertThatThrownBy(() -> http.execute(input(server.baseUrl(), null, null, null, null, null, "30 seconds", null), STEP))
                .isInstanceOf(ConnectorFailure.BadInput.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> http.execute(input(server.baseUrl(), null, null, "[1]", null, null, null, null), STEP))
                .isInstanceOf(ConnectorFailure.BadInput.class).hasMessageContaining("headers must be a JSON object");
        assertThatThrownBy(() -> http.execute(input(server.baseUrl(), null, null, null, null, null, null, "ok"), STEP))
                .isInstanceOf(ConnectorFailure.BadInput.class).hasMessageContaining("expectedStatuses");
        assertThatThrownBy(() -> http.execute(input("ftp://example.org/x", null, null, null, null, null, null, null), STEP))
                .isInstanceOf(ConnectorFailure.BadInput.class);
        assertThat(server.getAllServeEvents()).isEmpty();
    }
}
