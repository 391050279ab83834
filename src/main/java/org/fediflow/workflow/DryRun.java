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

/**
 * Runs a diagram as drawn, not deployed, on a payload, without calling any connector: each step's inputs are worked
 * out as the real run would (the same expressions over the same variables) and shown; a connector's output is
 * empty, so later steps see an empty result; exclusive gateways take the flow whose condition holds. It stops where
 * a real run would wait (a message, a timer, a person) and at the ends.
 */
@Service
public class DryRun {

    private static final int MAX_STEPS = 200;

    private final DiagramValidator validator;
    private final ProcessEngineConfigurationImpl engine;
    private final Secrets secrets;

    DryRun(DiagramValidator validator, ProcessEngineConfiguration engine, Secrets secrets) {
        this.validator = validator;
        this.engine = (ProcessEngineConfigurationImpl) engine;
        this.secrets = secrets;
    }

    public Result run(byte[] xml, JsonNode payload) {
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
            Step step = visit(model, node, container);
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

    private Step visit(BpmnModel model, FlowNode node, VariableContainerWrapper variables) {
        String kind = node.getClass().getSimpleName();
        if (node instanceof ServiceTask task && ConnectorSteps.isConnectorStep(task)) {
            Map<String, Object> inputs = new LinkedHashMap<>();
            String connector = null;
            String result = null;
            String error = null;
            for (FieldExtension field : task.getFieldExtensions()) {
                String name = field.getFieldName();
                if (ConnectorDelegate.CONNECTOR_FIELD.equals(name)) {
                    connector = ConnectorSteps.text(field);
                } else if (ConnectorDelegate.RESULT_FIELD.equals(name)) {
                    result = ConnectorSteps.text(field);
                } else {
                    try {
                        Object value = field.getExpression() != null
                                ? expressions().createExpression(field.getExpression()).getValue(variables)
                                : field.getStringValue();
                        inputs.put(name, secrets.maskValue(name, value instanceof JsonNode json ? json : value));
                    } catch (RuntimeException e) {
                        error = "input '" + name + "' cannot be worked out: " + Failures.rootMessage(e);
                        inputs.put(name, null);
                    }
                }
            }
            if (result != null) {
                // Not called: later steps see an empty output instead of failing on a missing variable.
                variables.setVariable(result, new HashMap<>());
            }
            return new Step(node.getId(), node.getName(), "connector " + connector, inputs,
                    error != null ? error : "not called: a dry run calls no connector", error != null);
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
     */
    public record Step(String activityId, String name, String type, Map<String, Object> inputs, String note,
                       boolean stopsHere, Map<String, Object> conditions) {
        Step(String activityId, String name, String type, Map<String, Object> inputs, String note, boolean stopsHere) {
            this(activityId, name, type, inputs, note, stopsHere, new LinkedHashMap<>());
        }
    }

    /** @param path the element and flow ids the run went through, in order */
    public record Result(List<DiagramProblem> problems, List<Step> steps, List<String> path) {
    }
}
