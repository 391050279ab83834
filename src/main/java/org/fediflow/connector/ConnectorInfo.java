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

    /** Short name shown in the modeler, e.g. "Post to Slack". */
    String name();

    String description();

    /** The codes of {@link ConnectorFailure.Business} this connector throws. */
    ErrorCode[] errors() default {};

    /** One business outcome a boundary error event can catch. */
    @interface ErrorCode {
        String code();

        String description();
    }
}
