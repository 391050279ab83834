package org.fediflow.connector.slack;

import org.fediflow.shared.Json;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Text that is safe to show in Slack, and Block Kit messages that stay within Slack's limits.
 *
 * <p>Everything that comes from Mastodon (report comments, display names, invite requests) is untrusted: in
 * mrkdwn, {@code <!channel>} pings the whole channel and {@code <https://evil|innocent>} shows "innocent" while
 * linking to evil. {@link #escape(String)} turns the three control characters into entities, which is all Slack
 * asks for; {@link Blocks#text(String)} does that for a whole section. Over-long content is cut with a visible
 * ellipsis instead of making Slack reject the message ({@code invalid_blocks}, {@code msg_too_long}).
 *
 * <p>Longer than most classes, as one job: Slack's limits, the escaping and the block builder that applies both
 * belong together; every part reads the same table of limits above.
 */
public final class SlackText {

    public static final int MAX_BLOCKS = 50;
    public static final int MAX_SECTION_TEXT = 3000;
    public static final int MAX_FIELDS = 10;
    public static final int MAX_FIELD_TEXT = 2000;
    public static final int MAX_HEADER_TEXT = 150;
    public static final int MAX_BUTTON_TEXT = 75;
    public static final int MAX_ACTION_ELEMENTS = 25;
    public static final int MAX_CONTEXT_ELEMENTS = 10;
    /** Slack cuts {@code text} at 40,000 characters but advises staying under 4,000. */
    public static final int MAX_MESSAGE_TEXT = 4000;

    static final String ELLIPSIS = "…";
    private static final JsonMapper JSON = Json.MAPPER;

    private SlackText() {
    }

    /** Replaces only {@code &}, {@code <} and {@code >}, as Slack's formatting reference says; nothing else. */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * At most {@code max} characters (UTF-16 units, as Slack counts), ending in {@code …} when cut; never splits a
     * surrogate pair (an emoji).
     */
    public static String truncate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        if (max < 1) {
            return "";
        }
        return text.substring(0, cutPoint(text, max - ELLIPSIS.length())) + ELLIPSIS;
    }

    /**
     * Like {@link #truncate}, for mrkdwn: the cut never falls inside an entity ({@code &amp;}) or a
     * {@code <…>} sequence, which would otherwise leave a broken entity or an unclosed link or mention.
     */
    public static String truncateMarkup(String mrkdwn, int max) {
        if (mrkdwn == null || mrkdwn.length() <= max) {
            return mrkdwn;
        }
        if (max < 1) {
            return "";
        }
        int cut = cutPoint(mrkdwn, max - ELLIPSIS.length());
        String kept = mrkdwn.substring(0, cut);
        int amp = kept.lastIndexOf('&');
        if (amp >= 0 && kept.indexOf(';', amp) < 0) {
            cut = amp;
        }
        int open = kept.lastIndexOf('<');
        if (open >= 0 && kept.indexOf('>', open) < 0) {
            cut = Math.min(cut, open);
        }
        return mrkdwn.substring(0, cut) + ELLIPSIS;
    }

    private static int cutPoint(String text, int length) {
        int cut = Math.max(0, length);
        if (cut > 0 && Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return cut;
    }

    /** Starts a message; see {@link Blocks}. */
    public static Blocks blocks() {
        return new Blocks();
    }

    /** Parses blocks given as JSON text, or takes them as they are when already a tree. */
    public static ArrayNode parseBlocks(Object blocks) {
        JsonNode node = blocks instanceof JsonNode tree ? tree
                : blocks == null ? null : JSON.readTree(blocks.toString());
        if (node != null && node.isString()) {
            node = JSON.readTree(node.asString());
        }
        if (node != null && node.isObject() && node.has("blocks")) {
            node = node.get("blocks");
        }
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException("blocks must be a JSON array of Block Kit blocks");
        }
        return (ArrayNode) node;
    }

    public static String toJson(JsonNode blocks) {
        return JSON.writeValueAsString(blocks);
    }

    /**
     * A copy of {@code blocks} that Slack will accept as far as sizes go: at most 50 blocks (the last one says how
     * many were left out), header, section, field, context and button texts cut with an ellipsis, at most 10
     * fields, 25 action elements and 10 context elements. Texts are cut, never escaped: escaping is the
     * author's job (use {@link Blocks#text(String)} for untrusted text).
     */
    public static ArrayNode fit(JsonNode blocks) {
        ArrayNode source = parseBlocks(blocks);
        ArrayNode fitted = JSON.createArrayNode();
        int limit = source.size() > MAX_BLOCKS ? MAX_BLOCKS - 1 : source.size();
        for (int i = 0; i < limit; i++) {
            JsonNode block = source.get(i).deepCopy();
            if (block instanceof ObjectNode object) {
                fitBlock(object);
            }
            fitted.add(block);
        }
        if (source.size() > MAX_BLOCKS) {
            int left = source.size() - limit;
            fitted.add(context(ELLIPSIS + " " + left + " more blocks not shown"));
        }
        return fitted;
    }

    private static void fitBlock(ObjectNode block) {
        String type = block.path("type").asString("");
        switch (type) {
            case "header" -> fitText(block.get("text"), MAX_HEADER_TEXT);
            case "section" -> {
                fitText(block.get("text"), MAX_SECTION_TEXT);
                if (block.get("fields") instanceof ArrayNode fields) {
                    keepFirst(fields, MAX_FIELDS);
                    fields.forEach(field -> fitText(field, MAX_FIELD_TEXT));
                }
                if (block.get("accessory") instanceof ObjectNode accessory) {
                    fitElement(accessory);
                }
            }
            case "actions" -> {
                if (block.get("elements") instanceof ArrayNode elements) {
                    keepFirst(elements, MAX_ACTION_ELEMENTS);
                    elements.forEach(element -> fitElement((ObjectNode) element));
                }
            }
            case "context" -> {
                if (block.get("elements") instanceof ArrayNode elements) {
                    keepFirst(elements, MAX_CONTEXT_ELEMENTS);
                    elements.forEach(element -> fitText(element, MAX_SECTION_TEXT));
                }
            }
            default -> {
                // dividers, images and newer block types: nothing of ours to cut
            }
        }
    }

    private static void fitElement(ObjectNode element) {
        if ("button".equals(element.path("type").asString(""))) {
            fitText(element.get("text"), MAX_BUTTON_TEXT);
        }
    }

    /** Cuts a text object's {@code text} in place; mrkdwn cut so it never breaks an entity or a link. */
    private static void fitText(JsonNode textObject, int max) {
        if (textObject instanceof ObjectNode object && object.get("text") != null && object.get("text").isString()) {
            String text = object.get("text").asString();
            boolean markup = "mrkdwn".equals(object.path("type").asString(""));
            object.put("text", markup ? truncateMarkup(text, max) : truncate(text, max));
        }
    }

    private static void keepFirst(ArrayNode array, int max) {
        while (array.size() > max) {
            array.remove(array.size() - 1);
        }
    }

    private static ObjectNode context(String mrkdwn) {
        ObjectNode block = JSON.createObjectNode().put("type", "context");
        block.putArray("elements").add(textObject("mrkdwn", mrkdwn, false));
        return block;
    }

    private static ObjectNode textObject(String type, String text, boolean verbatim) {
        ObjectNode object = JSON.createObjectNode().put("type", type).put("text", text);
        if (verbatim) {
            object.put("verbatim", true);
        }
        return object;
    }

    /** A button in an actions block; {@code style} is null, {@code primary} or {@code danger}. */
    public record Button(String actionId, String text, String value, String style) {
    }

    /**
     * Builds a message block by block. Methods taking {@code mrkdwn} expect trusted markup (escape the untrusted
     * parts yourself with {@link SlackText#escape}); {@link #text}, {@link #fields}, {@link #header} and buttons
     * take untrusted text as is and make it harmless.
     */
    public static final class Blocks {

        private final List<ObjectNode> blocks = new ArrayList<>();

        private Blocks() {
        }

        /** A header; plain_text is never parsed for mentions or links, so any text is safe. */
        public Blocks header(String plain) {
            ObjectNode block = JSON.createObjectNode().put("type", "header");
            block.set("text", textObject("plain_text", truncate(plain, MAX_HEADER_TEXT), false));
            blocks.add(block);
            return this;
        }

        /** A section of the author's own mrkdwn (may contain {@code <@U123>} mentions and links). */
        public Blocks markdown(String mrkdwn) {
            ObjectNode block = JSON.createObjectNode().put("type", "section");
            block.set("text", textObject("mrkdwn", truncateMarkup(mrkdwn, MAX_SECTION_TEXT), false));
            blocks.add(block);
            return this;
        }

        /**
         * A section showing untrusted text literally: escaped, and {@code verbatim} so bare URLs and channel names
         * are not turned into links either.
         */
        public Blocks text(String untrusted) {
            ObjectNode block = JSON.createObjectNode().put("type", "section");
            block.set("text", textObject("mrkdwn", truncateMarkup(escape(untrusted), MAX_SECTION_TEXT), true));
            blocks.add(block);
            return this;
        }

        /** Label/value pairs; labels are the author's mrkdwn, values untrusted. At most 10 fields are kept. */
        public Blocks fields(String... labelValuePairs) {
            ObjectNode block = JSON.createObjectNode().put("type", "section");
            ArrayNode fields = block.putArray("fields");
            for (int i = 0; i + 1 < labelValuePairs.length && fields.size() < MAX_FIELDS; i += 2) {
                String field = "*" + labelValuePairs[i] + "*\n" + escape(labelValuePairs[i + 1]);
                fields.add(textObject("mrkdwn", truncateMarkup(field, MAX_FIELD_TEXT), true));
            }
            blocks.add(block);
            return this;
        }

        /** Small print in the author's mrkdwn. */
        public Blocks context(String mrkdwn) {
            blocks.add(SlackText.context(truncateMarkup(mrkdwn, MAX_SECTION_TEXT)));
            return this;
        }

        public Blocks divider() {
            blocks.add(JSON.createObjectNode().put("type", "divider"));
            return this;
        }

        public Blocks buttons(Button... buttons) {
            ObjectNode block = JSON.createObjectNode().put("type", "actions");
            ArrayNode elements = block.putArray("elements");
            for (Button button : buttons) {
                if (elements.size() == MAX_ACTION_ELEMENTS) {
                    break;
                }
                ObjectNode element = elements.addObject().put("type", "button").put("action_id", button.actionId());
                element.set("text", textObject("plain_text", truncate(button.text(), MAX_BUTTON_TEXT), false));
                if (button.value() != null) {
                    element.put("value", button.value());
                }
                if (button.style() != null) {
                    element.put("style", button.style());
                }
            }
            blocks.add(block);
            return this;
        }

        /** The blocks, fitted to Slack's limits. */
        public ArrayNode build() {
            ArrayNode array = JSON.createArrayNode();
            blocks.forEach(block -> array.add(block.deepCopy()));
            return fit(array);
        }

        public String toJson() {
            return SlackText.toJson(build());
        }
    }
}
