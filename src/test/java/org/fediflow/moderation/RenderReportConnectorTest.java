package org.fediflow.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.fediflow.connector.StepContext;
import org.fediflow.connector.mastodon.MastodonProperties;
import org.fediflow.testing.FakeMastodon;
import org.fediflow.testing.MastodonPayloads;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class RenderReportConnectorTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final StepContext STEP = new StepContext("run:step", "run", "42", "render");
    final RenderReportConnector connector = new RenderReportConnector(
            new MastodonProperties("https://mastodon.example", null, null),
            Clock.fixed(Instant.parse("2025-07-12T10:00:00Z"), ZoneOffset.UTC));

    static JsonNode report(String comment) {
        return JSON.readTree(FakeMastodon.reportJson("42", comment, false, false));
    }

    @Test
    void escapesEverythingThatComesFromMastodon() {
        RenderReportConnector.Output out = connector.execute(new RenderReportConnector.Input(
                report("<!channel> <https://evil.example|innocent> & <@U123>"), null, null, null, null), STEP);
        String blocks = out.blocks().toString();
        assertThat(blocks).contains("&lt;!channel&gt;").contains("&lt;https://evil.example|innocent&gt;")
                .contains("&amp;").contains("&lt;@U123&gt;").doesNotContain("<!channel>").doesNotContain("<@U123>");
        assertThat(out.text()).doesNotContain("<");
    }

    @Test
    void cutsAVeryLongCommentWithAVisibleEllipsisAndStaysWithinSlackLimits() {
        RenderReportConnector.Output out = connector.execute(new RenderReportConnector.Input(
                report("spam ".repeat(2000)), null, null, null, null), STEP);
        assertThat(out.blocks().size()).isLessThanOrEqualTo(50);
        for (JsonNode block : out.blocks()) {
            if (block.path("text").has("text")) {
                assertThat(block.path("text").path("text").asString().length()).isLessThanOrEqualTo(3000);
            }
        }
        assertThat(out.blocks().toString()).contains("…");
    }

    @Test
    void firstMessageHasEveryButtonAndLimitAndSuspendAskForConfirmation() {
        JsonNode actions = lastBlock(connector.execute(new RenderReportConnector.Input(report("x"), null, null, null, null), STEP));
        assertThat(actions.findValuesAsString("action_id")).containsExactly("report.assign", "report.resolve",
                "report.sensitive", "report.limit", "report.suspend", "report.open");
        for (JsonNode button : actions.path("elements")) {
            String id = button.path("action_id").asString();
            assertThat(button.has("confirm")).as(id).isEqualTo(id.equals("report.limit") || id.equals("report.suspend"));
            if (!id.equals("report.open")) {
                assertThat(button.path("value").asString()).isEqualTo("42");
            }
        }
        assertThat(actions.toString()).contains("https://mastodon.example/admin/reports/42");
    }

    @Test
    void assignedReportLosesOnlyTheAssignButtonAndClosedReportKeepsOnlyTheLink() {
        RenderReportConnector.Output assigned = connector.execute(new RenderReportConnector.Input(report("x"), null,
                "assign", "U0MOD", "assigned"), STEP);
        assertThat(lastBlock(assigned).findValuesAsString("action_id")).doesNotContain("report.assign").contains("report.resolve");
        assertThat(assigned.logLine()).isEqualTo("<@U0MOD> took this report at 2025-07-12 10:00 UTC");
        assertThat(assigned.closed()).isFalse();

        RenderReportConnector.Output suspended = connector.execute(new RenderReportConnector.Input(report("x"),
                assigned.decisions(), "suspend", "U0MOD", "suspend (performed true)"), STEP);
        assertThat(lastBlock(suspended).findValuesAsString("action_id")).containsExactly("report.open");
        assertThat(suspended.closed()).isTrue();
        assertThat(suspended.decisions()).hasSize(2);
        assertThat(suspended.decisions().get(1).path("outcome").asString()).isEqualTo("suspend (performed true)");
        assertThat(suspended.blocks().toString()).contains("took this report").contains("suspended the account");
    }

    @Test
    void stripsStatusHtmlToText() {
        assertThat(ReportCard.stripHtml("<p>Hello <a href=\"x\">@bob</a></p><p>2 &lt; 3 &amp; ok<br/>bye</p>"))
                .isEqualTo("Hello @bob\n\n2 < 3 & ok\nbye");
    }

    @Test
    void decodesEveryHtmlEntityBeforeEscapingForSlack() {
        // Mastodon's sanitiser writes &nbsp; and &#39;; remote servers send other named and numeric references.
        assertThat(ReportCard.stripHtml("<p>now&nbsp;&gt;&gt; caf&eacute; &mdash; &#8212; &#x1F600; it&#39;s &apos;ok&apos; "
                + "&amp;lt;b&amp;gt; &copy;</p>")).isEqualTo("now\u00A0>> café — — \uD83D\uDE00 it's 'ok' &lt;b&gt; ©");
        RenderReportConnector.Output out = connector.execute(new RenderReportConnector.Input(report("spam"), null, null,
                null, null), STEP);
        String blocks = out.blocks().toString();
        assertThat(blocks).contains("buy now\u00A0&gt;&gt; https://spam.example/deals #deals").contains("cc @alice")
                .contains("[1 attachment]").doesNotContain("&nbsp;").doesNotContain("&amp;gt;");
    }

    @Test
    void aQuotePostIsShownAsItsTextWithTheQuotedLink() {
        ObjectNode alice = (ObjectNode) JSON.readTree(MastodonPayloads.json(MastodonPayloads.publicAccount(
                "110000000000000001", "alice", null, "Alice", "2025-07-01T12:00:00.000Z")));
        ObjectNode quoted = MastodonPayloads.status("113456700000000010", alice, "<p>original</p>");
        // Mastodon 4.5 keeps a quote-inline paragraph in the content for clients that do not show quotes.
        ObjectNode quote = MastodonPayloads.withQuote(MastodonPayloads.status("113456700000000011", alice,
                "<p class=\"quote-inline\">RE: " + MastodonPayloads.linkHtml("https", "mastodon.example/@alice/113456700000000010")
                        + "</p><p>look at this &amp; weep</p>"), quoted);
        JsonNode report = JSON.readTree(MastodonPayloads.json(MastodonPayloads.report("78", false, "violation", "quote",
                false, MastodonPayloads.localAccount("110000000000000003", "carol", "Carol", "carol@mail.example",
                        "192.0.2.12", true, false, "en", null, "2025-07-01T12:00:00.000Z"),
                MastodonPayloads.localAccount("110000000000000001", "alice", "Alice", "alice@mail.example", "192.0.2.10",
                        true, false, "en", null, "2025-07-01T12:00:00.000Z"),
                null, null, MastodonPayloads.array(quote), MastodonPayloads.array(MastodonPayloads.rule("1", "Be kind", "")))));
        String blocks = connector.execute(new RenderReportConnector.Input(report, null, null, null, null), STEP)
                .blocks().toString();
        assertThat(blocks).contains("RE: https://mastodon.example/@alice/113456700000000010\\n\\nlook at this &amp; weep");
    }

    @Test
    void aReportForwardedByAnotherServerWithoutStatusesNamesTheServer() {
        // A Flag from another server: the reporter is that server's instance actor, a remote Admin::Account whose
        // user fields are all null; a forwarded report may carry no statuses and an empty comment.
        JsonNode forwarded = JSON.readTree(MastodonPayloads.json(MastodonPayloads.report("77", false, "other", "", true,
                MastodonPayloads.instanceActor("110000000000000900", "remote.example"),
                MastodonPayloads.localAccount("110000000000000005", "bob", "Bob <!here>", "bob@mail.example", "192.0.2.11",
                        true, false, "en", null, "2025-07-01T12:00:00.000Z"),
                null, null, MastodonPayloads.array(), MastodonPayloads.array())));
        RenderReportConnector.Output out = connector.execute(new RenderReportConnector.Input(forwarded, null, null,
                null, null), STEP);
        String blocks = out.blocks().toString();
        assertThat(blocks).contains("a user of remote.example").contains("@bob (local)").contains("other (forwarded)")
                .contains("(no comment)").contains("10 days");
        assertThat(out.text()).isEqualTo("Report #77 against @bob (other)");
    }

    private static JsonNode lastBlock(RenderReportConnector.Output out) {
        return out.blocks().get(out.blocks().size() - 1);
    }
}
