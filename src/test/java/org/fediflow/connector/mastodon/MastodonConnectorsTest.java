package org.fediflow.connector.mastodon;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
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

class MastodonConnectorsTest {

    private static final Instant NOW = Instant.parse("2025-07-11T10:00:00Z");
    private static final StepContext STEP = new StepContext("run-1:approve", "run-1", "42", "approve");

    private final FakeMastodon mastodon = new FakeMastodon();
    /** A patient client: on a loaded machine the first call of a JVM can take seconds; only the timeout test is short. */
    private final MastodonClient client = client(new MastodonProperties(mastodon.baseUrl(), FakeMastodon.TOKEN,
            Duration.ofSeconds(15)));

    private static MastodonClient client(MastodonProperties properties) {
        return new MastodonClient(properties, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        mastodon.close();
    }

    @Test
    void readsReportWithReporterTargetAndRawJson() {
        mastodon.report("42", "spam \"everywhere\" <!channel>", false);

        MastodonReport report = new GetReportConnector(client).execute(new ReportInput("42"), STEP);

        assertThat(report.id()).isEqualTo("42");
        assertThat(report.actionTaken()).isFalse();
        assertThat(report.category()).isEqualTo("spam");
        assertThat(report.comment()).isEqualTo("spam \"everywhere\" <!channel>");
        assertThat(report.reporterAcct()).isEqualTo("alice");
        assertThat(report.targetAccountId()).isEqualTo("110000000000000002");
        assertThat(report.targetAcct()).isEqualTo("spammer@spam.example");
        assertThat(report.assignedAcct()).isNull();
        assertThat(report.statusIds()).containsExactly("113456700000000001");
        assertThat(report.ruleIds()).containsExactly("2");
        assertThat(report.json().get("target_account").get("domain").asString()).isEqualTo("spam.example");
        mastodon.server().verify(getRequestedFor(urlPathEqualTo("/api/v1/admin/reports/42"))
                .withHeader("Authorization", equalTo("Bearer " + FakeMastodon.TOKEN)));
    }

    @Test
    void changesReportStateThroughTheMatchingEndpoint() {
        mastodon.report("42", "", false);

        assertThat(new AssignReportConnector(client).execute(new ReportInput("42"), STEP).assignedAcct())
                .isEqualTo("fediflow");
        assertThat(new ResolveReportConnector(client).execute(new ReportInput("42"), STEP).actionTaken()).isTrue();
        assertThat(new ReopenReportConnector(client).execute(new ReportInput("42"), STEP).actionTaken()).isFalse();
        assertThat(new UnassignReportConnector(client).execute(new ReportInput("42"), STEP).assignedAcct()).isNull();

        for (String action : new String[] {"assign_to_self", "resolve", "reopen", "unassign"}) {
            mastodon.server().verify(1, postRequestedFor(urlPathEqualTo("/api/v1/admin/reports/42/" + action)));
        }
    }

    @Test
    void unknownReportIsTheBusinessErrorNotFoundWithMastodonsText() {
        assertThatThrownBy(() -> new GetReportConnector(client).execute(new ReportInput("999"), STEP))
                .isInstanceOfSatisfying(ConnectorFailure.Business.class,
                        e -> assertThat(e.code()).isEqualTo("not-found"))
                .hasMessageContaining("404").hasMessageContaining("Record not found");
    }

    @Test
    void refusedReportChangeIsTheBusinessErrorUnprocessable() {
        mastodon.report("42", "", false);
        mastodon.unprocessable("/api/v1/admin/reports/42/resolve", "Validation failed");

        assertThatThrownBy(() -> new ResolveReportConnector(client).execute(new ReportInput("42"), STEP))
                .isInstanceOfSatisfying(ConnectorFailure.Business.class,
                        e -> assertThat(e.code()).isEqualTo("unprocessable"))
                .hasMessageContaining("Validation failed");
    }

    @Test
    void rateLimitIsTemporaryUntilTheIsoResetTimestamp() {
        mastodon.rateLimited("/api/v1/admin/reports/42", NOW.plusSeconds(95).plusMillis(123));

        assertThatThrownBy(() -> new GetReportConnector(client).execute(new ReportInput("42"), STEP))
                .isInstanceOfSatisfying(ConnectorFailure.Temporary.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(95).plusMillis(123)))
                .hasMessageContaining("429");
    }

    @Test
    void gatewayErrorAndTimeoutAreTemporary() {
        mastodon.badGateway("/api/v1/admin/reports/1");
        mastodon.slow("/api/v1/admin/reports/2", 3_000);

        assertThatThrownBy(() -> new GetReportConnector(client).execute(new ReportInput("1"), STEP))
                .isInstanceOf(ConnectorFailure.Temporary.class).hasMessageContaining("502");
        MastodonClient impatient = client(new MastodonProperties(mastodon.baseUrl(), FakeMastodon.TOKEN,
                Duration.ofSeconds(1)));
        assertThatThrownBy(() -> new GetReportConnector(impatient).execute(new ReportInput("2"), STEP))
                .isInstanceOf(ConnectorFailure.Temporary.class).hasMessageContaining("did not answer");
    }

    @Test
    void revokedTokenIsBadInputWithMastodonsTextButNeverTheToken() {
        mastodon.failing("/api/v1/admin/reports/42", 401, "The access token is invalid");
        mastodon.failing("/api/v1/admin/reports/43", 403, "This action is not allowed");

        assertThatThrownBy(() -> new GetReportConnector(client).execute(new ReportInput("42"), STEP))
                .isInstanceOf(ConnectorFailure.BadInput.class)
                .hasMessageContaining("The access token is invalid")
                .hasMessageNotContaining(FakeMastodon.TOKEN);
        assertThatThrownBy(() -> new GetReportConnector(client).execute(new ReportInput("43"), STEP))
                .isInstanceOf(ConnectorFailure.BadInput.class).hasMessageContaining("This action is not allowed");
    }

    @Test
    void missingConfigurationNamesTheProperty() {
        MastodonClient unconfigured = client(new MastodonProperties(null, null, null));
        MastodonClient withoutToken = client(new MastodonProperties(mastodon.baseUrl(), " ", null));

        assertThatThrownBy(() -> new GetReportConnector(unconfigured).execute(new ReportInput("42"), STEP))
                .isInstanceOf(ConnectorFailure.BadInput.class).hasMessageContaining("fediflow.mastodon.base-url");
        assertThatThrownBy(() -> new GetReportConnector(withoutToken).execute(new ReportInput("42"), STEP))
                .isInstanceOf(ConnectorFailure.BadInput.class).hasMessageContaining("fediflow.mastodon.access-token");
    }

    @Test
    void idThatWouldReshapeThePathIsRefused() {
        assertThatThrownBy(() -> new GetReportConnector(client).execute(new ReportInput("../accounts/1"), STEP))
                .isInstanceOf(ConnectorFailure.BadInput.class).hasMessageContaining("reportId");
        assertThat(mastodon.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void tokenIsMaskedInPropertiesToString() {
        assertThat(new MastodonProperties("https://m.example", "secret-token", null).toString())
                .doesNotContain("secret-token").contains("********");
    }

    @Test
    void readsAccountWithUntrustedInviteRequest() {
        mastodon.account("7", "newbie", false, false);

        MastodonAccount account = new GetAccountConnector(client).execute(new AccountInput("7"), STEP);

        assertThat(account.acct()).isEqualTo("newbie");
        assertThat(account.approved()).isFalse();
        assertThat(account.email()).isEqualTo("newbie@mail.example");
        assertThat(account.inviteRequest()).contains("<!channel>");
    }

    @Test
    void approvesPendingAccount() {
        mastodon.account("7", "newbie", false, false);

        ApproveAccountConnector.Output out = new ApproveAccountConnector(client).execute(new AccountInput("7"), STEP);

        assertThat(out.approved()).isTrue();
        assertThat(out.changed()).isTrue();
        mastodon.server().verify(1, postRequestedFor(urlPathEqualTo("/api/v1/admin/accounts/7/approve")));
    }

    @Test
    void approvingAnAlreadyApprovedAccountIsDoneWithoutAskingMastodonAgain() {
        mastodon.account("7", "newbie", true, false);

        ApproveAccountConnector.Output out = new ApproveAccountConnector(client).execute(new AccountInput("7"), STEP);

        assertThat(out.changed()).isFalse();
        mastodon.server().verify(0, postRequestedFor(urlPathEqualTo("/api/v1/admin/accounts/7/approve")));
    }

    @Test
    void rejectingAnApprovedAccountIsRefusedAsBusinessError() {
        mastodon.account("7", "newbie", true, false);

        assertThatThrownBy(() -> new RejectAccountConnector(client).execute(new AccountInput("7"), STEP))
                .isInstanceOfSatisfying(ConnectorFailure.Business.class,
                        e -> assertThat(e.code()).isEqualTo("already-approved"));
        mastodon.server().verify(0, postRequestedFor(urlPathEqualTo("/api/v1/admin/accounts/7/reject")));
    }

    @Test
    void rejectsPendingAccount() {
        mastodon.account("7", "newbie", false, false);

        assertThat(new RejectAccountConnector(client).execute(new AccountInput("7"), STEP).acct()).isEqualTo("newbie");
        mastodon.server().verify(1, postRequestedFor(urlPathEqualTo("/api/v1/admin/accounts/7/reject")));
    }

    @Test
    void suspendsAccountAndSettlesTheReport() {
        mastodon.account("7", "spammer", true, false);

        AccountActionConnector.Output out = new AccountActionConnector(client).execute(
                new AccountActionConnector.Input("7", "suspend", "42", "Spam", true), STEP);

        assertThat(out.performed()).isTrue();
        mastodon.server().verify(1, postRequestedFor(urlPathEqualTo("/api/v1/admin/accounts/7/action"))
                .withRequestBody(equalToJson("""
                        {"type":"suspend","report_id":"42","text":"Spam","send_email_notification":true}""")));
    }

    @Test
    void retriedSuspensionDoesNotStrikeTwice() {
        mastodon.account("7", "spammer", true, true);
        mastodon.report("42", "", true);

        AccountActionConnector.Output out = new AccountActionConnector(client).execute(
                new AccountActionConnector.Input("7", "suspend", "42", null, null), STEP);

        assertThat(out.performed()).isFalse();
        mastodon.server().verify(0, postRequestedFor(urlPathEqualTo("/api/v1/admin/accounts/7/action")));
    }

    @Test
    void unknownActionTypeIsBadInput() {
        mastodon.account("7", "spammer", true, false);
        mastodon.unprocessable("/api/v1/admin/accounts/7/action", "Type is not included in the list");

        assertThatThrownBy(() -> new AccountActionConnector(client).execute(
                new AccountActionConnector.Input("7", "silence", null, null, null), STEP))
                .isInstanceOf(ConnectorFailure.BadInput.class)
                .hasMessageContaining("Type is not included in the list");
    }

    @Test
    void postsStatusWithTheStepsIdempotencyKeyAndDirectVisibilityByDefault() {
        mastodon.statuses();

        PostStatusConnector.Output out = new PostStatusConnector(client).execute(
                new PostStatusConnector.Input("@newbie welcome!", null, null, null, null), STEP);

        assertThat(out.id()).isEqualTo("113456789012345678");
        assertThat(out.visibility()).isEqualTo("direct");
        mastodon.server().verify(1, postRequestedFor(urlPathEqualTo("/api/v1/statuses"))
                .withHeader("Idempotency-Key", equalTo("run-1:approve"))
                .withRequestBody(equalToJson("""
                        {"status":"@newbie welcome!","visibility":"direct"}""")));
    }

    @Test
    void readsInstanceVersionWithoutSendingTheToken() {
        mastodon.instance("4.5.0+glitch", 6);

        GetInstanceConnector.Output out = new GetInstanceConnector(client)
                .execute(new GetInstanceConnector.Input(), STEP);

        assertThat(out.version()).isEqualTo("4.5.0+glitch");
        assertThat(out.apiVersion()).isEqualTo(6);
        mastodon.server().verify(getRequestedFor(urlPathEqualTo("/api/v2/instance")).withoutHeader("Authorization"));
    }

    @Test
    void olderInstanceHasNoApiVersion() {
        mastodon.instance("4.2.10", null);

        assertThat(new GetInstanceConnector(client).execute(new GetInstanceConnector.Input(), STEP).apiVersion())
                .isNull();
    }
}
