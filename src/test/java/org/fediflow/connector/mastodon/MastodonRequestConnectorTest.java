package org.fediflow.connector.mastodon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.StepContext;
import org.fediflow.testing.FakeMastodon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class MastodonRequestConnectorTest {

    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
    private static final StepContext STEP = new StepContext("run-7:count", "run-7", null, "count");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final FakeMastodon mastodon = new FakeMastodon();
    private final MastodonRequestConnector connector = new MastodonRequestConnector(new MastodonClient(
            new MastodonProperties(mastodon.baseUrl(), FakeMastodon.TOKEN, Duration.ofSeconds(10)), Clock.fixed(NOW, ZoneOffset.UTC)));

    @AfterEach
    void stop() {
        mastodon.close();
    }

    private static MastodonRequestConnector.Input input(String path, String method, String query, String body) {
        return new MastodonRequestConnector.Input(path, method, query == null ? null : JSON.readTree(query),
                body == null ? null : JSON.getNodeFactory().stringNode(body));
    }

    @Test
    void postsAdminMeasuresWithTheTokenAndTheStepsIdempotencyKey() {
        mastodon.server().stubFor(post(urlPathEqualTo("/api/v1/admin/measures")).willReturn(okJson(
                "[{\"key\":\"new_users\",\"unit\":null,\"total\":\"7\",\"data\":[{\"date\":\"2026-11-30T00:00:00Z\",\"value\":\"7\"}]}]")));

        MastodonRequestConnector.Output out = connector.execute(input("/api/v1/admin/measures", "post", null,
                "{\"keys\":[\"new_users\"],\"start_at\":\"2026-11-30\",\"end_at\":\"2026-11-30\"}"), STEP);

        assertThat(out.status()).isEqualTo(200);
        assertThat(out.body().get(0).get("total").asString()).isEqualTo("7");
        mastodon.server().verify(postRequestedFor(urlPathEqualTo("/api/v1/admin/measures"))
                .withHeader("Authorization", equalTo("Bearer " + FakeMastodon.TOKEN))
                .withHeader("Idempotency-Key", equalTo("run-7:count"))
                .withRequestBody(equalToJson("{\"keys\":[\"new_users\"],\"start_at\":\"2026-11-30\",\"end_at\":\"2026-11-30\"}")));
    }

    @Test
    void getSendsQueryRailsStyleWithoutIdempotencyKey() {
        mastodon.server().stubFor(get(urlPathEqualTo("/api/v1/admin/domain_blocks")).willReturn(okJson("[]")));
        mastodon.server().stubFor(delete(urlPathEqualTo("/api/v1/announcements/3/reactions/x")).willReturn(aResponse().withStatus(200)));

        JsonNode body = connector.execute(input("/api/v1/admin/domain_blocks", null, "{\"limit\":50,\"ids\":[\"1\",\"2\"]}", null), STEP).body();
        assertThat(body.isArray()).isTrue();
        assertThat(connector.execute(input("/api/v1/announcements/3/reactions/x", "DELETE", null, null), STEP).body()).isNull();

        mastodon.server().verify(getRequestedFor(urlPathEqualTo("/api/v1/admin/domain_blocks"))
                .withQueryParam("limit", equalTo("50")).withQueryParam("ids[]", equalTo("1"))
                .withQueryParam("ids[]", equalTo("2")).withHeader("Idempotency-Key", absent()));
        mastodon.server().verify(deleteRequestedFor(urlPathEqualTo("/api/v1/announcements/3/reactions/x")));
    }

    @Test
    void clientErrorsAreBusinessErrorsCodedByStatusButTokenProblemsAreIncidents() {
        mastodon.unprocessable("/api/v1/admin/domain_blocks", "Domain has already been taken");
        mastodon.failing("/api/v1/admin/measures", 403, "This action is not allowed");

        assertThatThrownBy(() -> connector.execute(input("/api/v1/admin/accounts/999", null, null, null), STEP))
                .isInstanceOfSatisfying(ConnectorFailure.Business.class, e -> assertThat(e.code()).isEqualTo("404"))
                .hasMessageContaining("Record not found");
        assertThatThrownBy(() -> connector.execute(input("/api/v1/admin/domain_blocks", "POST", null, "{\"domain\":\"x.example\"}"), STEP))
                .isInstanceOfSatisfying(ConnectorFailure.Business.class, e -> assertThat(e.code()).isEqualTo("422"))
                .hasMessageContaining("already been taken");
        assertThatThrownBy(() -> connector.execute(input("/api/v1/admin/measures", "POST", null, "{}"), STEP))
                .isInstanceOf(ConnectorFailure.BadInput.class).hasMessageContaining("not allowed")
                .hasMessageNotContaining(FakeMastodon.TOKEN);
    }

    @Test
    void rateLimitsAndServerErrorsAreTemporaryUntilTheReset() {
        mastodon.rateLimited("/api/v1/admin/measures", NOW.plusSeconds(300));
        mastodon.badGateway("/api/v1/instance");

        assertThatThrownBy(() -> connector.execute(input("/api/v1/admin/measures", "POST", null, "{}"), STEP))
                .isInstanceOfSatisfying(ConnectorFailure.Temporary.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(300)));
        assertThatThrownBy(() -> connector.execute(input("/api/v1/instance", null, null, null), STEP))
                .isInstanceOf(ConnectorFailure.Temporary.class).hasMessageContaining("502");
    }

    @Test
    void pathMustStayOnTheInstance() {
        for (String path : new String[] {"https://evil.example/api", "//evil.example/api", "/api/../oauth/token",
                "/api/v1/x?limit=1", "api/v1/x"}) {
            assertThatThrownBy(() -> connector.execute(input(path, null, null, null), STEP)).as(path)
                    .isInstanceOf(ConnectorFailure.BadInput.class).hasMessageContaining("path");
        }
        assertThat(mastodon.server().getAllServeEvents()).isEmpty();
    }
}
