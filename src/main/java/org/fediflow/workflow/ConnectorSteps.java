package org.fediflow.workflow;

import java.util.Optional;

import org.flowable.bpmn.model.FieldExtension;
import org.flowable.bpmn.model.ImplementationType;
import org.flowable.bpmn.model.ServiceTask;

/** How a connector step looks in a diagram. */
final class ConnectorSteps {

    static final String DELEGATE_EXPRESSION = "${connector}";

    private ConnectorSteps() {
    }

    static boolean isConnectorStep(ServiceTask task) {
        return ImplementationType.IMPLEMENTATION_TYPE_DELEGATEEXPRESSION.equals(task.getImplementationType())
                && DELEGATE_EXPRESSION.equals(task.getImplementation() == null ? null : task.getImplementation().trim());
    }

    static Optional<FieldExtension> field(ServiceTask task, String name) {
        return task.getFieldExtensions().stream().filter(f -> name.equals(f.getFieldName())).findFirst();
    }

    /** The field's text: its string value, or its expression when it has no string value. */
    static String text(FieldExtension field) {
        return field.getStringValue() != null ? field.getStringValue() : field.getExpression();
    }
}
