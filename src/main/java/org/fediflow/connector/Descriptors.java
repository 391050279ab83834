package org.fediflow.connector;

import org.fediflow.shared.Json;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A connector's catalog entry from its code: {@link ConnectorInfo} on the class, the components of its input and
 * output records with {@link Doc}, Bean Validation for {@code required} and closed sets. {@code connectors/<id>.json}
 * is this, written by {@link #json}; {@code ConnectorDescriptorsTest} compares and regenerates the files.
 */
public final class Descriptors {

    /** Plain alternatives such as {@code postgres|redis}: a closed set of values. */
    private static final Pattern ALTERNATIVES = Pattern.compile("[A-Za-z0-9_.:-]+(\\|[A-Za-z0-9_.:-]+)+");
    private static final JsonMapper MAPPER = Json.MAPPER;

    private Descriptors() {
    }

    public static ConnectorDescriptor describe(String id, Class<?> connector, Class<? extends Record> input,
                                               Class<? extends Record> output) {
        var info = MergedAnnotations.from(connector, SearchStrategy.TYPE_HIERARCHY).get(ConnectorInfo.class);
        if (!info.isPresent()) {
            throw new IllegalStateException(connector.getName() + " (" + id + ") has no @ConnectorInfo");
        }
        List<ConnectorDescriptor.Error> errors = Arrays.stream(info.getAnnotationArray("errors", ConnectorInfo.ErrorCode.class))
                .map(e -> new ConnectorDescriptor.Error(e.getString("code"), e.getString("description"))).toList();
        ConnectorDescriptor.ReadOnly readOnly = !info.getBoolean("readOnly") ? null
                : new ConnectorDescriptor.ReadOnly(info.getString("readOnlyInput").isBlank() ? null : info.getString("readOnlyInput"),
                        List.of(info.getStringArray("readOnlyValues")));
        return new ConnectorDescriptor(id, info.getString("name"), info.getString("description"), fields(input, true),
                fields(output, false), errors, readOnly);
    }

    /** One field per record component, in declaration order; outputs are never {@code required}. */
    static List<ConnectorDescriptor.Field> fields(Class<? extends Record> record, boolean input) {
        List<ConnectorDescriptor.Field> fields = new ArrayList<>();
        for (RecordComponent component : record.getRecordComponents()) {
            Doc doc = component.getAnnotation(Doc.class);
            fields.add(new ConnectorDescriptor.Field(component.getName(), type(component, doc),
                    input && required(component), doc != null && doc.secret(), doc == null ? null : doc.value(),
                    values(component, doc)));
        }
        return fields;
    }

    private static String type(RecordComponent component, Doc doc) {
        if (doc != null && doc.type() != Doc.Type.AUTO) {
            return doc.type().name().toLowerCase(java.util.Locale.ROOT);
        }
        Class<?> type = component.getType();
        if (CharSequence.class.isAssignableFrom(type) || type.isEnum()) {
            return "string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != char.class)) {
            return "number";
        }
        return "json";
    }

    private static boolean required(RecordComponent component) {
        // Jakarta's constraints do not target record components; javac copies them to the accessor and the type.
        return annotated(component, NotNull.class) || annotated(component, NotBlank.class)
                || annotated(component, NotEmpty.class);
    }

    private static boolean annotated(RecordComponent component, Class<? extends java.lang.annotation.Annotation> type) {
        return component.getAccessor().isAnnotationPresent(type) || component.getAnnotatedType().isAnnotationPresent(type);
    }

    private static List<String> values(RecordComponent component, Doc doc) {
        if (doc != null && doc.values().length > 0) {
            return List.of(doc.values());
        }
        if (component.getType().isEnum()) {
            return Arrays.stream(component.getType().getEnumConstants()).map(Object::toString).toList();
        }
        for (AnnotatedElement element : List.of(component.getAccessor(), component.getAnnotatedType())) {
            jakarta.validation.constraints.Pattern pattern = element.getAnnotation(jakarta.validation.constraints.Pattern.class);
            if (pattern != null && ALTERNATIVES.matcher(pattern.regexp()).matches()) {
                return List.of(pattern.regexp().split("\\|"));
            }
        }
        return List.of();
    }

    /** The descriptor as {@code connectors/<id>.json} holds it: two-space indents, one field per line. */
    public static String json(ConnectorDescriptor descriptor) {
        StringBuilder out = new StringBuilder();
        write(MAPPER.valueToTree(descriptor), 0, out);
        return out.append('\n').toString();
    }

    private static void write(JsonNode node, int depth, StringBuilder out) {
        String indent = "  ".repeat(depth + 1);
        if (node instanceof ObjectNode object) {
            if (object.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append("{\n");
            Iterator<Map.Entry<String, JsonNode>> entries = object.properties().iterator();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                out.append(indent).append(MAPPER.writeValueAsString(entry.getKey())).append(": ");
                write(entry.getValue(), depth + 1, out);
                out.append(entries.hasNext() ? ",\n" : "\n");
            }
            out.append("  ".repeat(depth)).append('}');
        } else if (node instanceof ArrayNode array) {
            if (array.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append("[\n");
            for (int i = 0; i < array.size(); i++) {
                out.append(indent);
                write(array.get(i), depth + 1, out);
                out.append(i < array.size() - 1 ? ",\n" : "\n");
            }
            out.append("  ".repeat(depth)).append(']');
        } else {
            out.append(MAPPER.writeValueAsString(node));
        }
    }
}
