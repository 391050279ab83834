package org.fediflow.connector;

import java.util.List;
import java.util.Optional;

/**
 * The catalog entry of one connector, read from {@code connectors/<id>.json}: what the modeler shows and
 * what deploy-time validation checks a diagram against.
 */
public record ConnectorDescriptor(String id, String name, String description, List<Field> inputs,
                                  List<Field> outputs, List<Error> errors) {

    public ConnectorDescriptor {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public Optional<Field> input(String name) {
        return inputs.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /**
     * @param type one of {@code string}, {@code text}, {@code number}, {@code boolean}, {@code json}, or {@code template}:
     *             the diagram's text, passed unevaluated, whose {@code ${…}} the connector evaluates piece by piece
     */
    public record Field(String name, String type, boolean required, boolean secret, String description) {
    }

    public record Error(String code, String description) {
    }
}
