package org.fediflow.connector;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The catalog entry of one connector, read from {@code connectors/<id>.json}: what the modeler shows and
 * what deploy-time validation checks a diagram against. The file is generated from the connector's code
 * ({@link Descriptors}).
 */
public record ConnectorDescriptor(String id, String name, String description, List<Field> inputs,
                                  List<Field> outputs, List<Error> errors,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) ReadOnly readOnly) {

    public ConnectorDescriptor {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public ConnectorDescriptor(String id, String name, String description, List<Field> inputs, List<Field> outputs,
                               List<Error> errors) {
        this(id, name, description, inputs, outputs, errors, null);
    }

    /** Whether a step with these inputs changes nothing anywhere (no {@link #readOnly()}: never). */
    public boolean readsOnly(Map<String, ?> inputs) {
        return readOnly != null && readOnly.holds(inputs);
    }

    public Optional<Field> input(String name) {
        return inputs.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /**
     * @param type   one of {@code string}, {@code text}, {@code number}, {@code boolean}, {@code json}, or {@code template}:
     *               the diagram's text, passed unevaluated, whose {@code ${…}} the connector evaluates piece by piece
     * @param values the allowed values when the field takes one of a closed set, else empty
     */
    public record Field(String name, String type, boolean required, boolean secret, String description,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> values) {

        public Field {
            values = values == null ? List.of() : List.copyOf(values);
        }
    }

    public record Error(String code, String description) {
    }

    /**
     * The connector only reads or computes: always, or (with {@code input}) while that input has one of
     * {@code values}, compared ignoring case; an empty value stands for the input left out (its default).
     */
    public record ReadOnly(@JsonInclude(JsonInclude.Include.NON_NULL) String input,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> values) {

        public ReadOnly {
            values = values == null ? List.of() : List.copyOf(values);
        }

        public boolean holds(Map<String, ?> inputs) {
            if (input == null || input.isBlank()) {
                return true;
            }
            Object value = inputs.get(input);
            String text = value == null ? "" : String.valueOf(value).trim();
            return values.stream().anyMatch(text::equalsIgnoreCase);
        }
    }
}
