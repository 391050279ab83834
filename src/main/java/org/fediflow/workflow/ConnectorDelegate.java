package org.fediflow.workflow;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorDescriptor;
import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.ConnectorRegistry;
import org.fediflow.connector.StepContext;
import org.flowable.common.engine.api.delegate.Expression;
import org.flowable.common.engine.impl.el.ExpressionManager;
import org.flowable.engine.ProcessEngineConfiguration;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.delegate.BpmnError;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.delegate.DelegateHelper;
import org.flowable.engine.delegate.JavaDelegate;
import org.flowable.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.flowable.job.api.FlowableUnrecoverableJobException;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The one way from a diagram into Java. A service task names it as {@code flowable:delegateExpression="${connector}"}
 * and carries its settings as fields:
 * <pre>{@code
 * <flowable:field name="connector" stringValue="slack.post-message"/>
 * <flowable:field name="channel" expression="${channel}"/>
 * <flowable:field name="resultVariable" stringValue="posted"/>
 * }</pre>
 * Fields are read per call; field injection is disabled so this singleton holds no per-call state.
 */
@Component("connector")
class ConnectorDelegate implements JavaDelegate {

    static final String CONNECTOR_FIELD = "connector";
    static final String RESULT_FIELD = "resultVariable";
    static final Set<String> RESERVED_FIELDS = Set.of(CONNECTOR_FIELD, RESULT_FIELD);
    static final String TEMPLATE = "template";

    private final ConnectorRegistry registry;
    private final Validator validator;
    private final ObjectMapper mapper;
    private final RuntimeService runtime;
    private final JobLeases leases;
    private final ExpressionManager expressions;

    ConnectorDelegate(ConnectorRegistry registry, Validator validator, ObjectMapper mapper, RuntimeService runtime,
                      JobLeases leases, ProcessEngineConfiguration engine) {
        this.leases = leases;
        this.expressions = ((ProcessEngineConfigurationImpl) engine).getExpressionManager();
        this.registry = registry;
        this.validator = validator;
        this.mapper = mapper;
        this.runtime = runtime;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String connectorId = stringField(execution, CONNECTOR_FIELD);
        Connector<?, ?> connector = registry.connector(connectorId)
                .orElseThrow(() -> new FlowableUnrecoverableJobException("unknown connector '" + connectorId + "'"));
        ConnectorDescriptor descriptor = registry.descriptor(connectorId).orElseThrow();

        Map<String, Object> values = new LinkedHashMap<>();
        for (ConnectorDescriptor.Field input : descriptor.inputs()) {
            Expression expression = DelegateHelper.getFieldExpression(execution, input.name());
            if (expression != null) {
                // A template is the diagram's own text; the connector evaluates the expressions inside it piece by
                // piece, so what they yield (a payload's text) is never evaluated again.
                values.put(input.name(), TEMPLATE.equals(input.type()) ? expression.getExpressionText()
                        : expression.getValue(execution));
            }
        }
        StepContext context = new StepContext(idempotencyKey(execution), execution.getProcessInstanceId(),
                execution.getProcessInstanceBusinessKey(), execution.getCurrentActivityId(),
                text -> expressions.createExpression(text).getValue(execution));

        Record output;
        try {
            try (JobLeases.Lease lease = leases.keepFresh(execution.getProcessInstanceId())) {
                output = call(connector, values, context);
            }
        } catch (ConnectorFailure.Business e) {
            throw new BpmnError(e.code(), e.getMessage());
        } catch (ConnectorFailure.BadInput e) {
            throw new FlowableUnrecoverableJobException(connectorId + ": " + e.getMessage(), e);
        } catch (ConnectorFailure.Temporary e) {
            throw new StepFailedTemporarily(connectorId + ": " + e.getMessage(), e.retryAfter(), e);
        }

        String resultVariable = stringField(execution, RESULT_FIELD);
        if (resultVariable != null && output != null) {
            execution.setVariable(resultVariable, mapper.valueToTree(output));
        }
    }

    /**
     * The same for every try of one visit of this step, different for each visit (a loop back to a step must
     * post again): the run, the step, and how many earlier visits of the step have finished. Retries do not
     * finish a visit, so they keep the key.
     */
    private String idempotencyKey(DelegateExecution execution) {
        String step = execution.getProcessInstanceId() + ":" + execution.getCurrentActivityId();
        long earlierVisits = runtime.createActivityInstanceQuery().processInstanceId(execution.getProcessInstanceId())
                .activityId(execution.getCurrentActivityId()).finished().count();
        return earlierVisits == 0 ? step : step + ":" + earlierVisits;
    }

    private <I extends Record, O extends Record> O call(Connector<I, O> connector, Map<String, Object> values,
                                                         StepContext context) {
        I input;
        try {
            input = mapper.convertValue(values, connector.inputType());
        } catch (RuntimeException e) {
            throw new ConnectorFailure.BadInput("inputs do not fit: " + e.getMessage(), e);
        }
        Set<ConstraintViolation<I>> violations = validator.validate(input);
        if (!violations.isEmpty()) {
            throw new ConnectorFailure.BadInput(violations.stream()
                    .map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted()
                    .collect(Collectors.joining("; ")));
        }
        return connector.execute(input, context);
    }

    private static String stringField(DelegateExecution execution, String name) {
        Expression expression = DelegateHelper.getFieldExpression(execution, name);
        if (expression == null) {
            return null;
        }
        Object value = expression.getValue(execution);
        if (value instanceof JsonNode node) {
            return node.asString();
        }
        return value == null ? null : value.toString();
    }
}
