package org.fediflow.connector.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

class SlackTextTest {

    @Test
    void escapesOnlyTheThreeControlCharacters() {
        assertThat(SlackText.escape("<!channel> <https://evil|innocent> & \"quotes\" 'é' *bold*"))
                .isEqualTo("&lt;!channel&gt; &lt;https://evil|innocent&gt; &amp; \"quotes\" 'é' *bold*");
        assertThat(SlackText.escape(null)).isNull();
    }

    @Test
    void truncatesWithVisibleEllipsisWithinTheLimit() {
        assertThat(SlackText.truncate("short", 10)).isEqualTo("short");
        assertThat(SlackText.truncate("abcdefghij-more", 10)).isEqualTo("abcdefghi…").hasSize(10);
    }

    @Test
    void truncationNeverSplitsAnEmoji() {
        String text = "abcd\uD83D\uDE00efgh"; // 😀 is two UTF-16 units at index 4-5

        assertThat(SlackText.truncate(text, 6)).isEqualTo("abcd…");
    }

    @Test
    void markupTruncationNeverLeavesABrokenEntityOrAnOpenLink() {
        assertThat(SlackText.truncateMarkup("abc &amp; def", 8)).isEqualTo("abc …");
        assertThat(SlackText.truncateMarkup("see <https://example.org|docs> now", 15)).isEqualTo("see …");
    }

    @Test
    void untrustedSectionIsEscapedAndVerbatim() {
        JsonNode block = SlackText.blocks().text("<!here> click <https://evil|innocent>").build().get(0);

        assertThat(block.get("text").get("type").asString()).isEqualTo("mrkdwn");
        assertThat(block.get("text").get("verbatim").asBoolean()).isTrue();
        assertThat(block.get("text").get("text").asString())
                .isEqualTo("&lt;!here&gt; click &lt;https://evil|innocent&gt;");
    }

    @Test
    void fieldValuesAreEscapedButLabelsKeepTheirMarkup() {
        JsonNode fields = SlackText.blocks().fields("Reporter", "<@U123>", "Category", "spam").build()
                .get(0).get("fields");

        assertThat(fields.get(0).get("text").asString()).isEqualTo("*Reporter*\n&lt;@U123&gt;");
        assertThat(fields).hasSize(2);
    }

    @Test
    void keepsMessageWithinBlockKitLimits() {
        SlackText.Button[] buttons = new SlackText.Button[30];
        for (int i = 0; i < buttons.length; i++) {
            buttons[i] = new SlackText.Button("a" + i, "Suspend " + "x".repeat(100), "42", "danger");
        }
        SlackText.Blocks blocks = SlackText.blocks().header("H".repeat(200)).markdown("m".repeat(3100))
                .buttons(buttons);
        for (int i = 0; i < 60; i++) {
            blocks.divider();
        }

        ArrayNode built = blocks.build();

        assertThat(built).hasSize(SlackText.MAX_BLOCKS);
        assertThat(built.get(0).get("text").get("text").asString()).hasSize(150).endsWith("…");
        assertThat(built.get(1).get("text").get("text").asString()).hasSize(3000).endsWith("…");
        assertThat(built.get(2).get("elements")).hasSize(25);
        assertThat(built.get(2).get("elements").get(0).get("text").get("text").asString()).hasSize(75);
        assertThat(built.get(49).get("type").asString()).isEqualTo("context");
        assertThat(built.get(49).toString()).contains("14 more blocks not shown");
    }

    @Test
    void fitsBlocksGivenAsJsonTextAndLeavesUnknownBlocksAlone() {
        String json = """
                {"blocks":[{"type":"image","image_url":"https://x.example/a.png","alt_text":"a"},
                 {"type":"section","text":{"type":"plain_text","text":"%s"},
                  "fields":[%s],"accessory":{"type":"button","text":{"type":"plain_text","text":"%s"},"value":"v"}}]}"""
                .formatted("p".repeat(3001), "{\"type\":\"mrkdwn\",\"text\":\"f\"},".repeat(11) + "{\"type\":\"mrkdwn\",\"text\":\"f\"}",
                        "b".repeat(80));

        ArrayNode fitted = SlackText.fit(JsonMapper.builder().build().getNodeFactory().stringNode(json));

        assertThat(fitted.get(0).get("image_url").asString()).isEqualTo("https://x.example/a.png");
        assertThat(fitted.get(1).get("text").get("text").asString()).hasSize(3000);
        assertThat(fitted.get(1).get("fields")).hasSize(10);
        assertThat(fitted.get(1).get("accessory").get("text").get("text").asString()).hasSize(75);
    }
}
