package org.fediflow.donations;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import tools.jackson.databind.JsonNode;

/**
 * Reading sender JSON that varies in the wild: Ko-fi's test button and Patreon's default attribute subsets
 * leave fields out, send null, or "" where an object is absent. Everything here answers null for all of those.
 */
final class Lenient {

    private Lenient() {
    }

    static JsonNode object(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isObject() ? value : null;
    }

    /** Text of a scalar field (numbers and booleans as text); null when absent, null or blank. */
    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull() || !value.isValueNode()) {
            return null;
        }
        String text = value.asString().trim();
        return text.isEmpty() ? null : text;
    }

    static Long number(JsonNode node, String field) {
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        try {
            return Long.valueOf(text);
        } catch (NumberFormatException e) {
            try {
                return new java.math.BigDecimal(text).longValue();
            } catch (NumberFormatException notANumber) {
                return null;
            }
        }
    }

    /** True only for JSON true or the text "true": a missing flag is never taken as consent. */
    static boolean flag(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && (value.isBoolean() ? value.booleanValue() : "true".equalsIgnoreCase(value.asString()));
    }

    static Instant instant(JsonNode node, String field) {
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException notATime) {
                return null;
            }
        }
    }
}
