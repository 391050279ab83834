package org.fediflow.workflow;

import org.fediflow.shared.Failures;
import org.fediflow.shared.Json;
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
import org.flowable.bpmn.model.Event;
import org.flowable.bpmn.model.ScriptTask;
import org.flowable.bpmn.model.StartEvent;
import org.flowable.bpmn.model.TimerEventDefinition;
import org.flowable.bpmn.model.FieldExtension;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.FlowElementsContainer;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.SequenceFlow;
import org.flowable.bpmn.model.ServiceTask;
import org.flowable.common.engine.impl.calendar.DueDateBusinessCalendar;
import org.flowable.common.engine.impl.calendar.DurationBusinessCalendar;
import org.flowable.common.engine.impl.el.ExpressionManager;
import org.flowable.variable.service.impl.el.NoExecutionVariableScope;
import org.flowable.engine.ProcessEngineConfiguration;
import org.flowable.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.flowable.validation.ValidationError;
import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

/**
 * Flowable's own validation plus Fediflow's: every connector step names a known connector, gives its required
 * inputs and no unknown ones, and every expression parses.
 */
@Component
class DiagramValidator {

    static final String NO_SCRIPTS = "Fediflow does not run scripts (no script engine is installed, and a script could"
            + " do anything the server can): use a connector step instead, e.g. data.set to compute variables from"
            + " expressions or http.request to call a service";
    private static final String CREDENTIAL_FIELD = "credential";
    private static final JsonMapper TEMPLATES = Json.MAPPER;

    private final ConnectorRegistry registry;
    private final ProcessEngineConfigurationImpl engine;
    private final Timers timers;
    private final Credentials credentials;
    private final AutomationChecks automationChecks;

    DiagramValidator(ConnectorRegistry registry, ProcessEngineConfiguration engine, Timers timers, Credentials credentials,
                     AutomationChecks automationChecks) {
        this.automationChecks = automationChecks;
        this.registry = registry;
        this.credentials = credentials;
        this.engine = (ProcessEngineConfigurationImpl) engine;
        this.timers = timers;
    }

    /** Parses and validates; the model is returned only when there are no problems. */
    Validated validate(byte[] xml) {
        BpmnModel model;
        try {
            model = new BpmnXMLConverter().convertToBpmnModel(() -> new ByteArrayInputStream(xml), true, true);
        } catch (RuntimeException e) {
            return new Validated(null, List.of(new DiagramProblem(null, "not a valid BPMN 2.0 file: " + Failures.rootMessage(e))));
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
            if (element instanceof ScriptTask) {
                problems.add(new DiagramProblem(element.getId(), "script task: " + NO_SCRIPTS));
            } else if (element instanceof ServiceTask task && "shell".equals(task.getType())) {
                problems.add(new DiagramProblem(element.getId(), "shell task: Fediflow does not run commands on its own"
                        + " server: use a hosts.run connector step, which runs a command on an inventory host over SSH"));
            }
            if (element instanceof Event event) {
                event.getEventDefinitions().stream().filter(TimerEventDefinition.class::isInstance)
                        .map(TimerEventDefinition.class::cast).forEach(timer -> checkTimer(event, timer, problems));
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
            } else if (descriptor.input(name).filter(f -> ConnectorDelegate.TEMPLATE.equals(f.type())).isPresent()) {
                checkTemplate(id, name, ConnectorSteps.text(field), problems);
            } else if (field.getExpression() != null) {
                checkExpression(id, "input '" + name + "'", field.getExpression(), problems);
            }
            if (CREDENTIAL_FIELD.equals(name)) {
                checkCredential(id, ConnectorSteps.text(field), problems);
            }
        }
    }

    /** A template is JSON (or text) whose strings are evaluated one by one when the step runs: each must parse. */
    private void checkTemplate(String elementId, String input, String text, List<DiagramProblem> problems) {
        if (text == null) {
            return;
        }
        JsonNode template;
        try {
            template = TEMPLATES.readTree(text.trim());
        } catch (JacksonException e) {
            template = StringNode.valueOf(text);
        }
        checkTemplate(elementId, "input '" + input + "'", template, problems);
    }

    private void checkTemplate(String elementId, String what, JsonNode node, List<DiagramProblem> problems) {
        if (node.isContainer()) {
            node.forEach(child -> checkTemplate(elementId, what, child, problems));
        } else if (node.isString() && (node.asString().contains("${") || node.asString().contains("#{"))) {
            checkExpression(elementId, what, node.asString(), problems);
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

    /** Each form as the engine will read it when the timer is set; expressions are only known at run time. */
    private void checkTimer(Event event, TimerEventDefinition timer, List<DiagramProblem> problems) {
        String cycle = timer.getTimeCycle();
        String duration = timer.getTimeDuration();
        String date = timer.getTimeDate();
        if (event instanceof StartEvent && event.getSubProcess() == null) {
            // A timer start is set when the diagram is deployed, before any run: its expression has no variables.
            for (String text : new String[] {cycle, duration, date}) {
                if (isSet(text) && isExpression(text)) {
                    try {
                        engine.getExpressionManager().createExpression(text).getValue(NoExecutionVariableScope.getSharedInstance());
                    } catch (RuntimeException e) {
                        problems.add(new DiagramProblem(event.getId(), "timer start: " + text + " cannot be evaluated when"
                                + " the diagram is deployed (there is no run yet): " + Failures.rootMessage(e)));
                        return;
                    }
                }
            }
        }
        if (isSet(cycle) && !isExpression(cycle)) {
            String problem = timers.problem(cycle);
            if (problem != null) {
                problems.add(new DiagramProblem(event.getId(), "timer: " + problem));
            }
        } else if (isSet(duration) && !isExpression(duration)) {
            checkCalendar(event, DurationBusinessCalendar.NAME, duration,
                    "an ISO-8601 duration such as 'PT15M' (15 minutes) or 'P1D' (one day)", problems);
        } else if (isSet(date) && !isExpression(date)) {
            checkCalendar(event, DueDateBusinessCalendar.NAME, date,
                    "an ISO-8601 date and time such as '2026-12-24T18:00:00Z'", problems);
        } else if (!isSet(cycle) && !isSet(duration) && !isSet(date)) {
            problems.add(new DiagramProblem(event.getId(), "timer without a time: give a cycle (" + Timers.FORMS
                    + "), a duration such as 'PT15M' or a date such as '2026-12-24T18:00:00Z'"));
        }
    }

    private void checkCalendar(Event event, String calendar, String text, String example, List<DiagramProblem> problems) {
        try {
            engine.getBusinessCalendarManager().getBusinessCalendar(calendar).resolveDuedate(text.trim());
        } catch (RuntimeException e) {
            problems.add(new DiagramProblem(event.getId(), "timer: cannot read '" + text + "': write " + example));
        }
    }

    private static boolean isSet(String text) {
        return text != null && !text.isBlank();
    }

    private static boolean isExpression(String text) {
        return text.contains("${") || text.contains("#{");
    }

    private void checkExpression(String elementId, String what, String text, List<DiagramProblem> problems) {
        ExpressionManager expressions = engine.getExpressionManager();
        try {
            expressions.createExpression(text);
        } catch (RuntimeException e) {
            problems.add(new DiagramProblem(elementId, what + ": expression " + text + " does not parse: " + Failures.rootMessage(e)));
        }
    }

    record Validated(BpmnModel model, List<DiagramProblem> problems) {
    }
}
