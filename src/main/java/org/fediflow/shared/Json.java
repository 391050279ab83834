package org.fediflow.shared;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON helper: the mapper for code that reads and writes JSON outside Spring MVC's converters (connectors,
 * webhook bodies, records kept in the database), configured as Boot's own is by default (Jackson 3's defaults,
 * {@link ProblemDetail} flattened as MVC writes it), plus strict reading of one document; and null-tolerant field
 * access for JSON from the wild (senders that leave fields out, send null or "" for an absent object).
 */
public final class Json {

    /** Thread-safe; reads exactly one JSON document (trailing content is an error). */
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)
            .build();

    private Json() {
    }

    /** @return the document, or null when the bytes are not one JSON document */
    public static JsonNode parse(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException | IllegalArgumentException e) {
            return null;
        }
    }

    /** @return the document, or null when the text is not one JSON document */
    public static JsonNode parse(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException | IllegalArgumentException e) {
            return null;
        }
    }

    /** A JSON string field's value; null when absent, null or not a string (a number is not taken for text). */
    public static String string(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }

    /** A scalar field as text (numbers and booleans as text); null when absent, null or not a scalar. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || !value.isValueNode() ? null : value.asString();
    }

    /** {@link #text} trimmed; null when blank too. */
    public static String nonBlank(JsonNode node, String field) {
        String text = text(node, field);
        return text == null || text.isBlank() ? null : text.trim();
    }

    /** A scalar at the JSON pointer as text (numbers included), or null. */
    public static String scalarAt(JsonNode node, String pointer) {
        if (node == null || pointer == null || pointer.isBlank()) {
            return null;
        }
        JsonNode value = node.at(pointer);
        return value != null && value.isValueNode() && !value.isNull() ? value.asString() : null;
    }

    /** An object field; null when absent, null, "" or anything but an object. */
    public static JsonNode object(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isObject() ? value : null;
    }

    /** A whole number from a number or numeric text (decimals cut); null when absent or not a number. */
    public static Long number(JsonNode node, String field) {
        String text = nonBlank(node, field);
        if (text == null) {
            return null;
        }
        try {
            return Long.valueOf(text);
        } catch (NumberFormatException e) {
            try {
                return new BigDecimal(text).longValue();
            } catch (NumberFormatException notANumber) {
                return null;
            }
        }
    }

    /** True only for JSON true or the text "true": a missing flag is never taken as consent. */
    public static boolean flag(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && (value.isBoolean() ? value.booleanValue() : "true".equalsIgnoreCase(value.asString()));
    }

    /** An ISO-8601 time with offset or in UTC; null when absent or not a time. */
    public static Instant instant(JsonNode node, String field) {
        String text = nonBlank(node, field);
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

    /** The {@code id}s of the objects in an array field, in order; empty when there is no such array. */
    public static List<String> ids(JsonNode node, String field) {
        List<String> ids = new ArrayList<>();
        JsonNode array = node == null ? null : node.get(field);
        if (array != null && array.isArray()) {
            array.forEach(item -> {
                String id = text(item, "id");
                if (id != null) {
                    ids.add(id);
                }
            });
        }
        return List.copyOf(ids);
    }
}
