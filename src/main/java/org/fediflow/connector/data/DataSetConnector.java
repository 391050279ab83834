package org.fediflow.connector.data;

import org.fediflow.shared.Failures;
import org.fediflow.shared.Json;
import java.util.Map;

import jakarta.validation.constraints.NotNull;

import com.fasterxml.jackson.annotation.JsonValue;
import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Computes a value from a JSON template (or a text) whose strings hold {@code ${…}} expressions, into the step's
 * {@code resultVariable}: shaping a chat message from a webhook payload needs no code.
 *
 * <p>Each string of the template is evaluated on its own and its result put in as a JSON value: a string that is one
 * expression keeps the value's type ({@code "${payload.monitor}"} gives the object, {@code "${count + 1}"} a number),
 * a string with text around expressions gives text. Quotes or braces in the payload therefore stay text; nothing a
 * sender writes is ever evaluated, because the template is the diagram's own text (the input is of type
 * {@code template}, which the engine passes unevaluated).
 */
@ConnectorInfo(id = "data.set", name = "Set data",
        description = "Computes a value into resultVariable from a JSON template (or a text) whose "
        + "strings hold ${…} expressions, e.g. a chat message shaped from a webhook "
        + "payload. Each string is evaluated on its own and put in as a JSON value: a "
        + "string that is one expression keeps its type (\"${payload.monitor}\" gives the "
        + "object), text around expressions gives text, so quotes in a payload cannot "
        + "break the JSON. The template is the diagram's text; what expressions yield is "
        + "never evaluated again. An expression that fails is an incident.",
        readOnly = true)
@Component
public class DataSetConnector implements Connector<DataSetConnector.Input, DataSetConnector.Output> {

    /** @param template JSON (object, array, string, number) or plain text, with {@code ${…}} expressions in its strings */
    public record Input(
            @Doc(value = "JSON or text with ${…} expressions in its strings, e.g. {\"text\": "
                    + "\"${payload.monitor.name} is down\", \"count\": \"${count + 1}\"}", type = Doc.Type.TEMPLATE)
            @NotNull String template) {
    }

    /** The computed value itself: {@code resultVariable} holds it, not a wrapper around it. */
    public record Output(
            @Doc("The computed value itself (resultVariable holds it, not a wrapper)")
            @JsonValue JsonNode value) {
    }

    private final JsonMapper json = Json.MAPPER;

    @Override
    public Output execute(Input input, StepContext context) {
        String text = input.template().trim();
        JsonNode template;
        try {
            template = json.readTree(text);
        } catch (JacksonException e) {
            template = StringNode.valueOf(input.template());
        }
        return new Output(fill(template, context));
    }

    private JsonNode fill(JsonNode node, StepContext context) {
        if (node instanceof ObjectNode object) {
            ObjectNode filled = json.createObjectNode();
            for (Map.Entry<String, JsonNode> entry : object.properties()) {
                filled.set(entry.getKey(), fill(entry.getValue(), context));
            }
            return filled;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode filled = json.createArrayNode();
            array.forEach(item -> filled.add(fill(item, context)));
            return filled;
        }
        if (node.isString() && (node.asString().contains("${") || node.asString().contains("#{"))) {
            Object value;
            try {
                value = context.expressions().evaluate(node.asString());
            } catch (ConnectorFailure e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ConnectorFailure.BadInput("template: " + node.asString() + ": " + Failures.rootMessage(e), e);
            }
            return value instanceof JsonNode valueNode ? valueNode : json.valueToTree(value);
        }
        return node;
    }
}
