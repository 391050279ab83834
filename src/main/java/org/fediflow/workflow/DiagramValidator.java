package org.fediflow.workflow;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.fediflow.connector.ConnectorDescriptor;
import org.fediflow.connector.ConnectorRegistry;
import org.fediflow.connector.credentials.Credentials;
import org.flowable.bpmn.converter.BpmnXMLConverter;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.FieldExtension;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.FlowElementsContainer;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.SequenceFlow;
import org.flowable.bpmn.model.ServiceTask;
import org.flowable.common.engine.impl.el.ExpressionManager;
import org.flowable.engine.ProcessEngineConfiguration;
import org.flowable.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.flowable.validation.ValidationError;
import org.springframework.stereotype.Component;

/**
 * Flowable's own validation plus Fediflow's: every connector step names a known connector, gives its required
 * inputs and no unknown ones, and every expression parses.
 */
@Component
class DiagramValidator {

    private static final String CREDENTIAL_FIELD = "credential";

    private final ConnectorRegistry registry;
    private final ProcessEngineConfigurationImpl engine;
    private final Credentials credentials;
    private final AutomationChecks automationChecks;

    DiagramValidator(ConnectorRegistry registry, ProcessEngineConfiguration engine, Credentials credentials,
                     AutomationChecks automationChecks) {
        this.automationChecks = automationChecks;
        this.registry = registry;
        this.credentials = credentials;
        this.engine = (ProcessEngineConfigurationImpl) engine;
    }

    /** Parses and validates; the model is returned only when there are no problems. */
    Validated validate(byte[] xml) {
        BpmnModel model;
        try {
            model = new BpmnXMLConverter().convertToBpmnModel(() -> new ByteArrayInputStream(xml), true, true);
        } catch (RuntimeException e) {
            return new Validated(null, List.of(new DiagramProblem(null, "not a valid BPMN 2.0 file: " + rootMessage(e))));
        }
        List<DiagramProblem> problems = new ArrayList<>();
        if (model.getProcesses().isEmpty()) {
            problems.add(new DiagramProblem(null, "the file holds no process"));
        }
        for (ValidationError error : engine.getProcessValidator().validate(model)) {
            if (!error.isWarning()) {
                String element = error.getActivityId() != null ? error.getActivityId() : error.getProcessDefinitionId();
                problems.add(new DiagramProblem(element, error.getDefaultDescription()));
            }
        }
        for (Process process : model.getProcesses()) {
            checkContainer(process, problems);
        }
        automationChecks.check(model, problems);
        return new Validated(problems.isEmpty() ? model : null, List.copyOf(problems));
    }

    private void checkContainer(FlowElementsContainer container, List<DiagramProblem> problems) {
        for (FlowElement element : container.getFlowElements()) {
            if (element instanceof ServiceTask task && ConnectorSteps.isConnectorStep(task)) {
                checkConnectorStep(task, problems);
            }
            if (element instanceof SequenceFlow flow && flow.getConditionExpression() != null) {
                checkExpression(flow.getId(), "condition", flow.getConditionExpression(), problems);
            }
            if (element instanceof FlowElementsContainer nested) {
                checkContainer(nested, problems);
            }
        }
    }

    private void checkConnectorStep(ServiceTask task, List<DiagramProblem> problems) {
        String id = task.getId();
        String connectorId = ConnectorSteps.field(task, ConnectorDelegate.CONNECTOR_FIELD)
                .map(ConnectorSteps::text).orElse(null);
        if (connectorId == null || connectorId.isBlank()) {
            problems.add(new DiagramProblem(id, "connector step names no connector (field 'connector')"));
            return;
        }
        ConnectorDescriptor descriptor = registry.descriptor(connectorId)
                .filter(d -> registry.connector(connectorId).isPresent()).orElse(null);
        if (descriptor == null) {
            problems.add(new DiagramProblem(id, "unknown connector '" + connectorId + "'"));
            return;
        }
        Set<String> given = task.getFieldExtensions().stream().map(FieldExtension::getFieldName).collect(Collectors.toSet());
        for (ConnectorDescriptor.Field input : descriptor.inputs()) {
            if (input.required() && !given.contains(input.name())) {
                problems.add(new DiagramProblem(id, "connector '" + connectorId + "' needs input '" + input.name() + "'"));
            }
        }
        for (FieldExtension field : task.getFieldExtensions()) {
            String name = field.getFieldName();
            if (!ConnectorDelegate.RESERVED_FIELDS.contains(name) && descriptor.input(name).isEmpty()) {
                problems.add(new DiagramProblem(id, "connector '" + connectorId + "' has no input '" + name + "'"));
            } else if (field.getExpression() != null) {
                checkExpression(id, "input '" + name + "'", field.getExpression(), problems);
            }
            if (CREDENTIAL_FIELD.equals(name)) {
                checkCredential(id, ConnectorSteps.text(field), problems);
            }
        }
    }

    /** A credential named as plain text must be configured; one computed by an expression is checked when it runs. */
    private void checkCredential(String elementId, String name, List<DiagramProblem> problems) {
        if (name == null || name.isBlank() || name.contains("${") || name.contains("#{")) {
            return;
        }
        if (credentials.find(name.trim()).isEmpty()) {
            problems.add(new DiagramProblem(elementId, "no credential '" + name.trim() + "' is configured (set "
                    + "fediflow.credentials." + name.trim() + ".type and its secret)"));
        }
    }

    private void checkExpression(String elementId, String what, String text, List<DiagramProblem> problems) {
        ExpressionManager expressions = engine.getExpressionManager();
        try {
            expressions.createExpression(text);
        } catch (RuntimeException e) {
            problems.add(new DiagramProblem(elementId, what + ": expression " + text + " does not parse: " + rootMessage(e)));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    record Validated(BpmnModel model, List<DiagramProblem> problems) {
    }
}
