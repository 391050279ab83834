package org.fediflow.connector.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.StepContext;
import org.fediflow.testing.FakeSlack;
import org.fediflow.testing.MigratedDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SlackConnectorsTest {

    private static final StepContext STEP = new StepContext("run-1:notify", "run-1", "42", "notify");
    private static final String HOSTILE = "<!channel> see <https://evil.example|innocent> & co";

    private final FakeSlack fake = new FakeSlack();
    private final SlackWebApi slack = new SlackWebApi(properties(FakeSlack.BOT_TOKEN));
    /** Fediflow's real migrations, so V10 is tested as shipped. */
    private final JdbcTemplate jdbc = new JdbcTemplate(MigratedDatabase.h2());
    private final SlackMessageLog log = new JdbcSlackMessageLog(jdbc, new JdbcTransactionManager(jdbc.getDataSource()),
            Clock.systemUTC());
    private final SlackPoster poster = new SlackPoster(slack, log);

    private SlackProperties properties(String token) {
        return new SlackProperties(fake.apiUrl(), token, "signing-secret",
                new SlackProperties.Channels(FakeSlack.CHANNEL, null, null, null), List.of("U0MOD"),
                Duration.ofSeconds(15));
    }

    @AfterEach
    void stop() throws Exception {
        slack.close();
        fake.close();
    }

    private PostMessageConnector.Output post(String text, JsonNode blocks, Boolean formatted) {
        return new PostMessageConnector(poster).execute(
                new PostMessageConnector.Input(FakeSlack.CHANNEL, text, blocks, null, formatted), STEP);
    }

    @Test
    void theWarmUpPostsThroughTheClientToALoopbackStandInAndNothingReachesSlack() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (SlackWebApi warmed = new SlackWebApi(properties(FakeSlack.BOT_TOKEN), meters)) {
            assertThat(warmed.postToStandIn()).contains(new SlackWebApi.Posted("C0", "1700000000.000100"));
        }
        assertThat(fake.server().getAllServeEvents()).isEmpty();
        assertThat(meters.find("fediflow.outbound.requests").meters()).isEmpty();
    }

    @Test
    void aNodeWithoutABotTokenWarmsNothing() throws Exception {
        try (SlackWebApi unconfigured = new SlackWebApi(properties(null))) {
            assertThat(unconfigured.postToStandIn()).isEmpty();
        }
        assertThat(fake.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void postsMessageAndReturnsChannelAndTs() {
        PostMessageConnector.Output out = post("New report", null, null);

        assertThat(out.channel()).isEqualTo(FakeSlack.CHANNEL);
        assertThat(out.ts()).matches("\\d{10}\\.\\d{6}");
        assertThat(out.alreadyPosted()).isFalse();
        assertThat(fake.requests("chat.postMessage")).singleElement()
                .satisfies(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + FakeSlack.BOT_TOKEN));
    }

    @Test
    void postsMessageOnlyOnceWhenStepIsRetried() {
        PostMessageConnector.Output first = post("New report", null, null);
        PostMessageConnector.Output retry = post("New report", null, null);

        assertThat(fake.requests("chat.postMessage")).hasSize(1);
        assertThat(retry.ts()).isEqualTo(first.ts());
        assertThat(retry.alreadyPosted()).isTrue();
        assertThat(jdbc.queryForObject("SELECT ts FROM slack_message WHERE idempotency_key = ?", String.class,
                "run-1:notify")).isEqualTo(first.ts());
    }

    /** The real log, with one of its calls overridden by a test to let another try of the step in between. */
    private class Racing implements SlackMessageLog {

        @Override
        public Optional<Entry> find(String key) {
            return log.find(key);
        }

        @Override
        public boolean intend(String key, String channel, String threadTs) {
            return log.intend(key, channel, threadTs);
        }

        @Override
        public boolean retake(String key, Instant since) {
            return log.retake(key, since);
        }

        @Override
        public void record(String key, SlackWebApi.Posted posted) {
            log.record(key, posted);
        }
    }

    private void postsNothingAsTheSecondTry(SlackMessageLog raced) {
        assertThatThrownBy(() -> new PostMessageConnector(new SlackPoster(slack, raced)).execute(
                new PostMessageConnector.Input(FakeSlack.CHANNEL, "New report", null, null, null), STEP))
                .isInstanceOf(ConnectorFailure.Temporary.class).hasMessageContaining("another try of step run-1:notify");
        assertThat(fake.requests("chat.postMessage")).isEmpty();
    }

    @Test
    void twoTriesOfOneStepAtOnceNeverBothPost() {
        // This try looks (nothing yet), then another try of the same step announces itself before this one does.
        postsNothingAsTheSecondTry(new Racing() {
            @Override
            public Optional<Entry> find(String key) {
                Optional<Entry> seen = log.find(key);
                log.intend(key, FakeSlack.CHANNEL, null);
                return seen;
            }
        });
    }

    @Test
    void twoRetriesOfOneStepAtOnceAfterADeadTryNeverBothPost() {
        // An earlier try died after announcing itself; two retries find only that, and neither finds a message.
        log.intend(STEP.idempotencyKey(), FakeSlack.CHANNEL, null);
        postsNothingAsTheSecondTry(new Racing() {
            @Override
            public boolean retake(String key, Instant since) {
                assertThat(log.retake(key, since)).as("the other retry takes it over first").isTrue();
                return log.retake(key, since);
            }
        });
    }

    @Test
    void aPostWhoseAnswerIsLostIsNotSentAgainByTheHttpClient() {
        // Slack took the message, then the connection died before its answer: resending it here would post it twice.
        // (An HTTP client resends a request that failed on a connection it kept from an earlier call.)
        slack.postMessage(FakeSlack.CHANNEL, "an earlier message", null, null);
        fake.server().stubFor(WireMock.post(urlPathEqualTo("/api/chat.postMessage")).atPriority(1)
                .willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

        assertThatThrownBy(() -> post("New report", null, null)).isInstanceOf(ConnectorFailure.Temporary.class);
        assertThat(fake.requests("chat.postMessage")).as("the earlier message and one request: the step's retry decides, "
                + "by the log and Slack's history, whether to post again").hasSize(2);
    }

    @Test
    void stepThatFailedBeforeSlackAnsweredPostsOnItsRetry() {
        fake.unavailable("chat.postMessage");
        assertThatThrownBy(() -> post("New report", null, null)).isInstanceOf(ConnectorFailure.Temporary.class);

        fake.reset();
        assertThat(post("New report", null, null).alreadyPosted()).isFalse();
        assertThat(fake.requests("chat.postMessage")).hasSize(2);
    }

    @Test
    void stepThatPostedButDiedBeforeRecordingFindsItsMessageInsteadOfPostingAgain() {
        // The earlier try: announced, posted with its mark, then the node died before writing the ts.
        log.intend(STEP.idempotencyKey(), FakeSlack.CHANNEL, null);
        SlackWebApi.Posted lost = slack.postMessage(FakeSlack.CHANNEL, "New report", null, null, STEP.idempotencyKey());

        PostMessageConnector.Output retry = post("New report", null, null);

        assertThat(retry.ts()).isEqualTo(lost.ts());
        assertThat(retry.alreadyPosted()).isTrue();
        assertThat(fake.requests("chat.postMessage")).hasSize(1);
        assertThat(log.find(STEP.idempotencyKey())).get().extracting(SlackMessageLog.Entry::posted).isEqualTo(lost);
    }

    @Test
    void threadReplyThatDiedBeforeRecordingIsFoundInItsThread() {
        String thread = slack.postMessage(FakeSlack.CHANNEL, "card", null, null).ts();
        log.intend(STEP.idempotencyKey(), FakeSlack.CHANNEL, thread);
        SlackWebApi.Posted lost = slack.postMessage(FakeSlack.CHANNEL, "Assigned", null, thread, STEP.idempotencyKey());

        ReplyInThreadConnector.Output retry = new ReplyInThreadConnector(poster).execute(
                new ReplyInThreadConnector.Input(FakeSlack.CHANNEL, thread, "Assigned", null, null), STEP);

        assertThat(retry.ts()).isEqualTo(lost.ts());
        assertThat(fake.requests("conversations.replies")).hasSize(1);
        assertThat(fake.requests("chat.postMessage")).hasSize(2);
    }

    @Test
    void stepThatDiedBeforePostingPostsOnceOnItsRetry() {
        log.intend(STEP.idempotencyKey(), FakeSlack.CHANNEL, null);

        PostMessageConnector.Output retry = post("New report", null, null);

        assertThat(retry.alreadyPosted()).isFalse();
        assertThat(fake.requests("conversations.history")).hasSize(1);
        assertThat(FakeSlack.form(fake.requests("chat.postMessage").get(0)).get("metadata"))
                .contains("fediflow_step").contains(STEP.idempotencyKey());
        assertThat(post("New report", null, null).ts()).isEqualTo(retry.ts());
        assertThat(fake.requests("chat.postMessage")).hasSize(1);
    }

    @Test
    void postsAgainWhenSlackRefusesTheLookup() {
        log.intend(STEP.idempotencyKey(), FakeSlack.CHANNEL, null);
        fake.failing("conversations.history", "missing_scope");

        assertThat(post("New report", null, null).alreadyPosted()).isFalse();
        assertThat(fake.requests("chat.postMessage")).hasSize(1);
    }

    @Test
    void escapesHostileFallbackTextSoItCannotPingOrDisguiseLinks() {
        post(HOSTILE, null, null);

        Map<String, String> form = FakeSlack.form(fake.requests("chat.postMessage").get(0));
        assertThat(form.get("text"))
                .isEqualTo("&lt;!channel&gt; see &lt;https://evil.example|innocent&gt; &amp; co")
                .doesNotContain("<!channel>");
    }

    @Test
    void sendsAuthorsMarkupAsIsWhenMarkedFormatted() {
        post("Approved by <@U0MOD>", null, true);

        assertThat(FakeSlack.form(fake.requests("chat.postMessage").get(0)).get("text"))
                .isEqualTo("Approved by <@U0MOD>");
    }

    @Test
    void cutsOverLongBlocksInsteadOfBeingRejected() {
        JsonNode blocks = SlackText.blocks().header("h".repeat(400)).text(HOSTILE + "x".repeat(5000)).build();
        // Rebuild as an author would pass it from a diagram: JSON text, 60 blocks.
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 60; i++) {
            many.append(i == 0 ? "" : ",").append("{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"")
                    .append("y".repeat(3500)).append("\"}}");
        }
        many.append("]");

        post("report", blocks, null);
        post2(JsonMapper.builder().build().getNodeFactory().stringNode(many.toString()));

        JsonNode sent = JsonMapper.builder().build().readTree(
                FakeSlack.form(fake.requests("chat.postMessage").get(0)).get("blocks"));
        assertThat(sent.get(0).get("text").get("text").asString()).hasSize(150).endsWith("…");
        assertThat(sent.get(1).get("text").get("text").asString()).hasSizeLessThanOrEqualTo(3000).endsWith("…")
                .startsWith("&lt;!channel&gt;");
        JsonNode sentMany = JsonMapper.builder().build().readTree(
                FakeSlack.form(fake.requests("chat.postMessage").get(1)).get("blocks"));
        assertThat(sentMany.size()).isEqualTo(50);
        assertThat(sentMany.get(0).get("text").get("text").asString()).hasSize(3000);
        assertThat(sentMany.get(49).toString()).contains("11 more blocks not shown");
    }

    private void post2(JsonNode blocks) {
        new PostMessageConnector(poster).execute(new PostMessageConnector.Input(FakeSlack.CHANNEL, "many", blocks,
                null, null), new StepContext("run-2:notify", "run-2", null, "notify"));
    }

    @Test
    void blocksThatAreNotAnArrayAreBadInput() {
        JsonNode notBlocks = JsonMapper.builder().build().readTree("{\"type\":\"section\"}");

        assertThatThrownBy(() -> post("x", notBlocks, null)).isInstanceOf(ConnectorFailure.BadInput.class)
                .hasMessageContaining("blocks");
        assertThat(fake.requests("chat.postMessage")).isEmpty();
    }

    @Test
    void okFalseIsBadInputNamingSlacksErrorCode() {
        fake.failing("chat.postMessage", "channel_not_found");

        assertThatThrownBy(() -> post("x", null, null)).isInstanceOf(ConnectorFailure.BadInput.class)
                .hasMessageContaining("channel_not_found");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM slack_message WHERE ts IS NOT NULL", Integer.class))
                .as("no message recorded as posted").isZero();
    }

    @Test
    void rateLimitIsTemporaryWithSlacksRetryAfter() {
        fake.rateLimited("chat.postMessage", 30);

        assertThatThrownBy(() -> post("x", null, null))
                .isInstanceOfSatisfying(ConnectorFailure.Temporary.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30)))
                .hasMessageContaining("429").hasMessageContaining("ratelimited");
    }

    @Test
    void ratelimitedInAnOkFalseAnswerIsTemporaryToo() {
        fake.failing("chat.postMessage", "ratelimited");

        assertThatThrownBy(() -> post("x", null, null)).isInstanceOf(ConnectorFailure.Temporary.class);
    }

    @Test
    void slackOutageIsTemporary() {
        fake.unavailable("chat.update");

        assertThatThrownBy(() -> new UpdateMessageConnector(slack).execute(
                new UpdateMessageConnector.Input(FakeSlack.CHANNEL, "1.2", "x", null, null), STEP))
                .isInstanceOf(ConnectorFailure.Temporary.class).hasMessageContaining("503");
    }

    @Test
    void missingBotTokenNamesTheProperty() throws Exception {
        try (SlackWebApi unconfigured = new SlackWebApi(properties(null))) {
            assertThatThrownBy(() -> unconfigured.postMessage(FakeSlack.CHANNEL, "x", null, null))
                    .isInstanceOf(ConnectorFailure.BadInput.class).hasMessageContaining("fediflow.slack.bot-token");
        }
    }

    @Test
    void purposeNameIsTheConfiguredChannel() {
        new PostMessageConnector(poster).execute(
                new PostMessageConnector.Input("moderation", "x", null, null, null), STEP);

        assertThat(FakeSlack.form(fake.requests("chat.postMessage").get(0)).get("channel")).isEqualTo(FakeSlack.CHANNEL);
        assertThatThrownBy(() -> new PostMessageConnector(poster).execute(
                new PostMessageConnector.Input("donations", "x", null, null, null),
                new StepContext("run-3:x", "run-3", null, "x")))
                .isInstanceOf(ConnectorFailure.BadInput.class).hasMessageContaining("fediflow.slack.channels.donations");
    }

    @Test
    void updatesMessageInPlace() {
        UpdateMessageConnector.Output out = new UpdateMessageConnector(slack).execute(
                new UpdateMessageConnector.Input(FakeSlack.CHANNEL, "1752228000.000100", "Resolved", null, null), STEP);

        assertThat(out.ts()).isEqualTo("1752228000.000100");
        Map<String, String> form = FakeSlack.form(fake.requests("chat.update").get(0));
        assertThat(form).containsEntry("ts", "1752228000.000100").containsEntry("text", "Resolved");
    }

    @Test
    void repliesInThreadOnce() {
        ReplyInThreadConnector connector = new ReplyInThreadConnector(poster);
        ReplyInThreadConnector.Input input = new ReplyInThreadConnector.Input(FakeSlack.CHANNEL, "1752228000.000100",
                "Resolved by <@U0MOD>", null, true);

        connector.execute(input, STEP);
        assertThat(connector.execute(input, STEP).alreadyPosted()).isTrue();

        assertThat(fake.requests("chat.postMessage")).singleElement()
                .satisfies(r -> assertThat(FakeSlack.form(r)).containsEntry("thread_ts", "1752228000.000100"));
    }

    @Test
    void postsEphemeralToOneUserOnce() {
        PostEphemeralConnector connector = new PostEphemeralConnector(poster);
        PostEphemeralConnector.Input input = new PostEphemeralConnector.Input(FakeSlack.CHANNEL, "U0NOTMOD",
                "Only moderators can press this", null);

        PostEphemeralConnector.Output out = connector.execute(input, STEP);
        connector.execute(input, STEP);

        assertThat(out.messageTs()).isNotBlank();
        assertThat(fake.requests("chat.postEphemeral")).singleElement()
                .satisfies(r -> assertThat(FakeSlack.form(r)).containsEntry("user", "U0NOTMOD"));
    }

    @Test
    void ephemeralToUserOutsideTheChannelIsBadInput() {
        fake.failing("chat.postEphemeral", "user_not_in_channel");

        assertThatThrownBy(() -> new PostEphemeralConnector(poster).execute(
                new PostEphemeralConnector.Input(FakeSlack.CHANNEL, "U0X", "x", null), STEP))
                .isInstanceOf(ConnectorFailure.BadInput.class).hasMessageContaining("user_not_in_channel");
    }

    @Test
    void secretsAreMaskedInPropertiesToString() {
        assertThat(properties(FakeSlack.BOT_TOKEN).toString()).doesNotContain(FakeSlack.BOT_TOKEN)
                .doesNotContain("signing-secret");
    }
}
