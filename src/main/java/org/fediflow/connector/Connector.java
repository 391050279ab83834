package org.fediflow.connector;

import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;

/**
 * One external action a diagram step can take, such as posting to Slack or resolving a Mastodon report.
 *
 * <p>A connector is a plain class: typed input record (validated with Jakarta Bean Validation before the
 * call), typed output record, no engine types. Its descriptor in {@code connectors/<id>.json} (for the modeler and
 * deploy-time validation) is generated from the class's {@link ConnectorInfo} and the records' {@link Doc}
 * annotations; {@code ConnectorDescriptorsTest} fails while a committed descriptor differs.
 *
 * <p>Failures are decided here, not by the caller: throw {@link ConnectorFailure.Temporary} for what may
 * succeed on a later try, {@link ConnectorFailure.BadInput} for what never will, and
 * {@link ConnectorFailure.Business} for an outcome the diagram may catch as a BPMN error.
 */
public interface Connector<I extends Record, O extends Record> {

    /** The id a diagram names, e.g. {@code slack.post-message}: {@link ConnectorInfo#id()} on the class. */
    default String id() {
        MergedAnnotation<ConnectorInfo> info = MergedAnnotations.from(getClass(), SearchStrategy.TYPE_HIERARCHY)
                .get(ConnectorInfo.class);
        if (!info.isPresent()) {
            throw new IllegalStateException(getClass().getName() + " has no @ConnectorInfo naming its id");
        }
        return info.getString("id");
    }

    /** The input record: {@code I} as the class names it in {@code Connector<I, O>}. */
    @SuppressWarnings("unchecked")
    default Class<I> inputType() {
        Class<?> input = ResolvableType.forClass(getClass()).as(Connector.class).resolveGeneric(0);
        if (input == null) {
            throw new IllegalStateException(getClass().getName() + " must name its input record in Connector<I, O>");
        }
        return (Class<I>) input;
    }

    O execute(I input, StepContext context);
}
