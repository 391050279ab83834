package org.fediflow.workflow;

import org.fediflow.shared.Failures;
import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.Validator;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorDescriptor;
import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.ConnectorRegistry;
import org.fediflow.connector.StepContext;
import org.flowable.bpmn.converter.BpmnXMLConverter;
import org.flowable.bpmn.model.Activity;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.CallActivity;
import org.flowable.bpmn.model.EndEvent;
import org.flowable.bpmn.model.Event;
import org.flowable.bpmn.model.ExclusiveGateway;
import org.flowable.bpmn.model.FieldExtension;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.FlowNode;
import org.flowable.bpmn.model.Gateway;
import org.flowable.bpmn.model.IntermediateCatchEvent;
import org.flowable.bpmn.model.Message;
import org.flowable.bpmn.model.MessageEventDefinition;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.ReceiveTask;
import org.flowable.bpmn.model.SequenceFlow;
import org.flowable.bpmn.model.ServiceTask;
import org.flowable.bpmn.model.StartEvent;
import org.flowable.bpmn.model.UserTask;
import org.flowable.common.engine.impl.el.ExpressionManager;
import org.flowable.common.engine.impl.el.VariableContainerWrapper;
import org.flowable.engine.ProcessEngineConfiguration;
import org.flowable.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Service;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Runs a diagram as drawn, not deployed, on a payload, without calling any connector that could change anything: each
 * step's inputs are worked out as the real run would (the same expressions over the same variables) and shown; a
 * connector not called has an empty output, so later steps see an empty result. Asked to, it calls the steps whose
 * connector only reads or computes ({@link ConnectorDescriptor#readsOnly}: a GET, reading a report, shaping data) for
 * real, and later steps see what they answered. Exclusive gateways take the flow whose condition holds. It stops
 * where a real run would wait (a message, a timer, a person) and at the ends.
 *
 * <p>Longer than most classes, as one job: one walk over a diagram, where working out a step's inputs, calling it or
 * not, and choosing the next flow all read and write the same variables; the records of what it saw close the file.
 */
@Service
public class DryRun {

    private static final int MAX_STEPS = 200;

    private final DiagramValidator validator;
    private final ProcessEngineConfigurationImpl engine;
    private final Secrets secrets;
    private final ConnectorRegistry connectors;
    private final ObjectMapper mapper;
    private final Validator beanValidator;

    DryRun(DiagramValidator validator, ProcessEngineConfiguration engine, Secrets secrets, ConnectorRegistry connectors,
           ObjectMapper mapper, Validator beanValidator) {
        this.validator = validator;
        this.engine = (ProcessEngineConfigurationImpl) engine;
        this.secrets = secrets;
        this.connectors = connectors;
        this.mapper = mapper;
        this.beanValidator = beanValidator;
    }

    /** No connector called. */
    public Result run(byte[] xml, JsonNode payload) {
        return run(xml, payload, false);
    }

    /** @param callReadOnly call the steps whose connector only reads or computes, for real */
    public Result run(byte[] xml, JsonNode payload, boolean callReadOnly) {
        List<DiagramProblem> problems = validator.validate(xml).problems();
        if (!problems.isEmpty()) {
            return new Result(problems, List.of(), List.of());
        }
        BpmnModel model = new BpmnXMLConverter().convertToBpmnModel(() -> new ByteArrayInputStream(xml), false, false);
        Process process = model.getMainProcess();
        StartEvent start = process.findFlowElementsOfType(StartEvent.class, false).stream().findFirst().orElse(null);
        if (start == null) {
            return new Result(List.of(new DiagramProblem(null, "the diagram has no start event")), List.of(), List.of());
        }
        Map<String, Object> variables = new HashMap<>();
        variables.put("payload", payload);
        String message = messageName(model, start);
        if (message != null && message.contains(".")) {
            variables.put("source", message.substring(0, message.indexOf('.')));
            variables.put("event", message.substring(message.indexOf('.') + 1));
        }
        variables.put("inboxId", 0L);
        VariableContainerWrapper container = new VariableContainerWrapper(variables);

        List<Step> steps = new ArrayList<>();
        List<String> path = new ArrayList<>();
        Deque<FlowNode> tokens = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        tokens.add(start);
        while (!tokens.isEmpty() && steps.size() < MAX_STEPS) {
            FlowNode node = tokens.poll();
            if (!(node instanceof ServiceTask) && !seen.add(node.getId())) {
                continue;
            }
            path.add(node.getId());
            Step step = visit(model, node, container, callReadOnly);
            steps.add(step);
            if (step.stopsHere()) {
                continue;
            }
            for (SequenceFlow flow : next(node, container, step)) {
                path.add(flow.getId());
                if (flow.getTargetFlowElement() instanceof FlowNode target) {
                    tokens.add(target);
                }
            }
        }
        return new Result(List.of(), steps, path);
    }

    private Step visit(BpmnModel model, FlowNode node, VariableContainerWrapper variables, boolean callReadOnly) {
        String kind = node.getClass().getSimpleName();
        if (node instanceof ServiceTask task && ConnectorSteps.isConnectorStep(task)) {
            Map<String, Object> inputs = new LinkedHashMap<>();
            Map<String, Object> values = new LinkedHashMap<>();
            String connector = null;
            String result = null;
            String error = null;
            for (FieldExtension field : task.getFieldExtensions()) {
                String name = field.getFieldName();
                if (ConnectorDelegate.CONNECTOR_FIELD.equals(name)) {
                    connector = ConnectorSteps.text(field);
                } else if (ConnectorDelegate.RESULT_FIELD.equals(name)) {
                    result = ConnectorSteps.text(field);
                }
            }
            ConnectorDescriptor descriptor = connector == null ? null : connectors.descriptor(connector).orElse(null);
            for (FieldExtension field : task.getFieldExtensions()) {
                String name = field.getFieldName();
                if (ConnectorDelegate.RESERVED_FIELDS.contains(name)) {
                    continue;
                }
                try {
                    Object value = field.getExpression() != null
                            ? expressions().createExpression(field.getExpression()).getValue(variables)
                            : field.getStringValue();
                    boolean template = descriptor != null && descriptor.input(name)
                            .map(f -> ConnectorDelegate.TEMPLATE.equals(f.type())).orElse(false);
                    // As the real step gets it: a template is the diagram's text, evaluated by the connector.
                    values.put(name, template && field.getExpression() != null ? field.getExpression() : value);
                    boolean secret = descriptor != null && descriptor.input(name).map(ConnectorDescriptor.Field::secret).orElse(false);
                    inputs.put(name, secret ? Secrets.MASK : secrets.maskValue(name, value));
                } catch (RuntimeException e) {
                    error = "input '" + name + "' cannot be worked out: " + Failures.rootMessage(e);
                    inputs.put(name, null);
                }
            }
            if (error == null && callReadOnly && descriptor != null && descriptor.readsOnly(values)) {
                return called(node, connector, descriptor, values, inputs, result, variables);
            }
            if (result != null) {
                // Not called: later steps see an empty output instead of failing on a missing variable.
                variables.setVariable(result, new HashMap<>());
            }
            String note = error != null ? error
                    : descriptor != null && descriptor.readsOnly(values) ? "not called: it only reads; tick \"call read-only steps\" to call it"
                    : "not called: it could change something";
            return new Step(node.getId(), node.getName(), "connector " + connector, inputs, note, error != null);
        }
        if (node instanceof IntermediateCatchEvent || node instanceof ReceiveTask || node instanceof UserTask) {
            String waitsFor = node instanceof Event event && !event.getEventDefinitions().isEmpty()
                    && event.getEventDefinitions().get(0) instanceof MessageEventDefinition
                    ? "the message " + messageName(model, event) : "its event";
            return new Step(node.getId(), node.getName(), kind, Map.of(), "a run would wait here for " + waitsFor, true);
        }
        if (node instanceof CallActivity callActivity) {
            return new Step(node.getId(), node.getName(), kind, Map.of(),
                    "would start a run of " + callActivity.getCalledElement(), false);
        }
        if (node instanceof EndEvent) {
            return new Step(node.getId(), node.getName(), kind, Map.of(), "the run ends here", true);
        }
        return new Step(node.getId(), node.getName(), kind, Map.of(), null, false);
    }

    /** A read-only step called for real: later steps see its output, a failure stops the dry run here. */
    private Step called(FlowNode node, String connectorId, ConnectorDescriptor descriptor, Map<String, Object> values,
                        Map<String, Object> inputs, String result, VariableContainerWrapper variables) {
        Connector<?, ?> connector = connectors.connector(connectorId).orElse(null);
        if (connector == null) {
            return new Step(node.getId(), node.getName(), "connector " + connectorId, inputs,
                    "unknown connector " + connectorId, true);
        }
        StepContext context = new StepContext("dry-run:" + UUID.randomUUID() + ":" + node.getId(), "dry-run", null,
                node.getId(), text -> expressions().createExpression(text).getValue(variables));
        try {
            Record output = ConnectorDelegate.call(connector, values, context, mapper, beanValidator);
            JsonNode tree = output == null ? null : mapper.valueToTree(output);
            if (result != null) {
                variables.setVariable(result, tree == null ? new HashMap<>() : tree);
            }
            JsonNode shown = tree == null ? null : (JsonNode) secrets.maskValue("output", tree);
            return new Step(node.getId(), node.getName(), "connector " + connectorId, inputs,
                    "called for real: it only reads (" + descriptor.name() + ")", false, new LinkedHashMap<>(), shown, true);
        } catch (ConnectorFailure.Business e) {
            return new Step(node.getId(), node.getName(), "connector " + connectorId, inputs, secrets.mask(
                    "called for real: business error " + e.code() + ": " + e.getMessage()), true, new LinkedHashMap<>(), null, true);
        } catch (RuntimeException e) {
            return new Step(node.getId(), node.getName(), "connector " + connectorId, inputs, secrets.mask(
                    "called for real and failed: " + Failures.rootMessage(e)), true, new LinkedHashMap<>(), null, true);
        }
    }

    /** The flows a token leaves by: at an exclusive gateway the first whose condition holds, else the default. */
    private List<SequenceFlow> next(FlowNode node, VariableContainerWrapper variables, Step step) {
        List<SequenceFlow> taken = new ArrayList<>();
        SequenceFlow defaultFlow = null;
        String defaultId = node instanceof Gateway gateway ? gateway.getDefaultFlow()
                : node instanceof Activity activity ? activity.getDefaultFlow() : null;
        for (SequenceFlow flow : node.getOutgoingFlows()) {
            if (flow.getId().equals(defaultId)) {
                defaultFlow = flow;
                continue;
            }
            if (flow.getConditionExpression() == null || flow.getConditionExpression().isBlank()) {
                taken.add(flow);
            } else {
                try {
                    Object value = expressions().createExpression(flow.getConditionExpression()).getValue(variables);
                    boolean holds = Boolean.TRUE.equals(value) || "true".equals(Objects.toString(value, null));
                    step.conditions().put(flow.getId(), holds);
                    if (holds) {
                        taken.add(flow);
                    }
                } catch (RuntimeException e) {
                    step.conditions().put(flow.getId(), "cannot be worked out: " + Failures.rootMessage(e));
                }
            }
            if (node instanceof ExclusiveGateway && !taken.isEmpty()) {
                break;
            }
        }
        if (taken.isEmpty() && defaultFlow != null) {
            taken.add(defaultFlow);
        }
        return taken;
    }

    private ExpressionManager expressions() {
        return engine.getExpressionManager();
    }

    private static String messageName(BpmnModel model, FlowElement element) {
        if (element instanceof Event event) {
            for (var definition : event.getEventDefinitions()) {
                if (definition instanceof MessageEventDefinition m) {
                    Message message = m.getMessageRef() == null ? null : model.getMessage(m.getMessageRef());
                    return message != null && message.getName() != null ? message.getName() : m.getMessageRef();
                }
            }
        }
        return null;
    }

    /**
     * @param inputs     each input as the step would have received it (secrets masked)
     * @param note       what happened instead of a call, or why the path stops
     * @param conditions each outgoing flow's condition and whether it held
     * @param output     what a read-only step called for real answered (secrets masked), else null
     * @param called     whether the step's connector was called
     */
    public record Step(String activityId, String name, String type, Map<String, Object> inputs, String note,
                       boolean stopsHere, Map<String, Object> conditions, JsonNode output, boolean called) {
        Step(String activityId, String name, String type, Map<String, Object> inputs, String note, boolean stopsHere) {
            this(activityId, name, type, inputs, note, stopsHere, new LinkedHashMap<>(), null, false);
        }
    }

    /** @param path the element and flow ids the run went through, in order */
    public record Result(List<DiagramProblem> problems, List<Step> steps, List<String> path) {
    }
}
