package org.fediflow.connector;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes one component of a connector's input or output record for the catalog. The descriptor's type follows
 * the Java type (String: string, boolean: boolean, numbers: number, anything else: json) unless {@link #type()}
 * says otherwise; {@code required} follows {@code @NotNull}/{@code @NotBlank}/{@code @NotEmpty}; the allowed values
 * follow a {@code @Pattern} of plain alternatives ({@code a|b|c}) or {@link #values()}.
 */
@Documented
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
public @interface Doc {

    /** What the field means, for the person drawing the diagram. */
    String value();

    Type type() default Type.AUTO;

    /** A secret: masked wherever run variables are shown. */
    boolean secret() default false;

    /** The allowed values, when the field takes one of a closed set. */
    String[] values() default {};

    /**
     * The catalog's field types; {@code TEMPLATE} is the diagram's text, passed to the connector unevaluated, whose
     * {@code ${…}} the connector evaluates piece by piece (data.set).
     */
    enum Type {
        AUTO, STRING, TEXT, NUMBER, BOOLEAN, JSON, TEMPLATE
    }
}
