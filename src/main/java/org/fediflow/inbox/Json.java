package org.fediflow.inbox;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Strict JSON reading for untrusted bodies: one document, valid UTF-8, bounded depth (Jackson's defaults). */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    /** @return the document, or null when the bytes are not one JSON document */
    static JsonNode parse(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException | IllegalArgumentException e) {
            return null;
        }
    }

    static JsonNode parse(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException | IllegalArgumentException e) {
            return null;
        }
    }

    /** A text field's value, or null when it is absent, null or not text. */
    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }

    /** A scalar at the pointer as text (numbers included), or null. */
    static String scalarAt(JsonNode node, String pointer) {
        if (node == null || pointer == null || pointer.isBlank()) {
            return null;
        }
        JsonNode value = node.at(pointer);
        return value != null && value.isValueNode() && !value.isNull() ? value.asString() : null;
    }
}
