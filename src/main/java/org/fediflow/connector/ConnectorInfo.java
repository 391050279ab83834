package org.fediflow.connector;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What the catalog ({@code connectors/<id>.json}) says about a connector beyond its input and output records: its
 * name, what it does, and the business errors a diagram may catch. The descriptor is generated from this and from
 * {@link Doc} on the records' components; {@code ConnectorDescriptorsTest} fails while a committed descriptor differs.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ConnectorInfo {

    /** The id a diagram names, e.g. "slack.post-message"; also the descriptor's file name. */
    String id();

    /** Short name shown in the modeler, e.g. "Post to Slack". */
    String name();

    String description();

    /** The codes of {@link ConnectorFailure.Business} this connector throws. */
    ErrorCode[] errors() default {};

    /**
     * The connector changes nothing anywhere: it only reads or computes. A dry run calls such a step for real when
     * the operator asks it to; every other step is left out.
     */
    boolean readOnly() default false;

    /** With {@link #readOnly()}: read-only only while this input has one of {@link #readOnlyValues()}, e.g. method GET. */
    String readOnlyInput() default "";

    /** The values of {@link #readOnlyInput()} that read only; an empty one stands for the input left out. */
    String[] readOnlyValues() default {};

    /** One business outcome a boundary error event can catch. */
    @interface ErrorCode {
        String code();

        String description();
    }
}
