package org.fediflow.connector.slack;

import static org.fediflow.connector.slack.SlackText.MAX_ACTION_ELEMENTS;
import static org.fediflow.connector.slack.SlackText.MAX_BLOCKS;
import static org.fediflow.connector.slack.SlackText.MAX_BUTTON_TEXT;
import static org.fediflow.connector.slack.SlackText.MAX_CONTEXT_ELEMENTS;
import static org.fediflow.connector.slack.SlackText.MAX_FIELDS;
import static org.fediflow.connector.slack.SlackText.MAX_FIELD_TEXT;
import static org.fediflow.connector.slack.SlackText.MAX_HEADER_TEXT;
import static org.fediflow.connector.slack.SlackText.MAX_SECTION_TEXT;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Block Kit blocks cut to what Slack accepts; see {@link SlackText#fit(JsonNode)}. */
final class BlockLimits {

    private BlockLimits() {
    }

    static ArrayNode fit(ArrayNode source) {
        ArrayNode fitted = JsonNodeFactory.instance.arrayNode();
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
            fitted.add(SlackText.context(SlackText.ELLIPSIS + " " + left + " more blocks not shown"));
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
            object.put("text", markup ? SlackText.truncateMarkup(text, max) : SlackText.truncate(text, max));
        }
    }

    private static void keepFirst(ArrayNode array, int max) {
        while (array.size() > max) {
            array.remove(array.size() - 1);
        }
    }
}
