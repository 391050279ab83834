package org.fediflow.workflow;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private static final Logger log = LoggerFactory.getLogger(ConnectorDelegate.class);

    static final String CONNECTOR_FIELD = "connector";
    static final String RESULT_FIELD = "resultVariable";
    static final Set<String> RESERVED_FIELDS = Set.of(CONNECTOR_FIELD, RESULT_FIELD);
    static final String TEMPLATE = "template";

    private final ConnectorRegistry registry;
    private final Validator validator;
    private final ObjectMapper mapper;
    private final RuntimeService runtime;
    private final JobLeases leases;
    private final StepRecords records;
    private final Secrets secrets;
    private final Clock clock;
    private final ExpressionManager expressions;
    private final MeterRegistry meters;

    ConnectorDelegate(ConnectorRegistry registry, Validator validator, ObjectMapper mapper, RuntimeService runtime,
                      JobLeases leases, StepRecords records, Secrets secrets, Clock clock,
                      ProcessEngineConfiguration engine, MeterRegistry meters) {
        this.leases = leases;
        this.records = records;
        this.secrets = secrets;
        this.clock = clock;
        this.expressions = ((ProcessEngineConfigurationImpl) engine).getExpressionManager();
        this.meters = meters;
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
        StepRecords.Step step = new StepRecords.Step(context.idempotencyKey(), execution.getProcessInstanceId(),
                execution.getCurrentActivityId(), connectorId, clock.instant(), shown(descriptor, values));

        Record output;
        long started = System.nanoTime();
        String outcome = "error";
        try {
            try (JobLeases.Lease lease = leases.keepFresh(execution.getProcessInstanceId())) {
                output = call(connector, values, context, mapper, validator);
            }
            outcome = "ok";
        } catch (ConnectorFailure.Business e) {
            outcome = "business";
            records.completed(step, null, secrets.mask("business error " + e.code() + ": " + e.getMessage()));
            throw new BpmnError(e.code(), e.getMessage());
        } catch (ConnectorFailure.BadInput e) {
            outcome = "bad-input";
            recordFailure(step, "bad input: " + e.getMessage());
            throw new FlowableUnrecoverableJobException(connectorId + ": " + e.getMessage(), e);
        } catch (ConnectorFailure.Temporary e) {
            outcome = "temporary";
            recordFailure(step, "temporary failure: " + e.getMessage());
            throw new StepFailedTemporarily(connectorId + ": " + e.getMessage(), e.retryAfter(), e);
        } catch (RuntimeException e) {
            if (!fromTheDatabase(e)) {
                // A database that is away would only hold this thread up for a connection; the record can wait.
                recordFailure(step, e.toString());
            }
            throw e;
        } finally {
            measure(connectorId, outcome, System.nanoTime() - started);
        }
        records.completed(step, output == null ? null : (JsonNode) secrets.maskValue("output", mapper.valueToTree(output)),
                null);

        String resultVariable = stringField(execution, RESULT_FIELD);
        if (resultVariable != null && output != null) {
            execution.setVariable(resultVariable, mapper.valueToTree(output));
        }
    }

    /** The inputs as the connector got them, fit to show: secret inputs (descriptor) and configured secrets masked. */
    private JsonNode shown(ConnectorDescriptor descriptor, Map<String, Object> values) {
        Map<String, Object> shown = new LinkedHashMap<>();
        values.forEach((name, value) -> shown.put(name, descriptor.input(name).map(ConnectorDescriptor.Field::secret)
                .orElse(false) ? Secrets.MASK : secrets.maskValue(name, value)));
        try {
            return mapper.valueToTree(shown);
        } catch (RuntimeException e) {
            return mapper.valueToTree(Map.of("unreadable", secrets.mask(String.valueOf(shown))));
        }
    }

    private static boolean fromTheDatabase(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException || t instanceof org.springframework.dao.DataAccessException
                    || t instanceof org.springframework.transaction.TransactionException) {
                return true;
            }
        }
        return false;
    }

    private void recordFailure(StepRecords.Step step, String error) {
        try {
            records.failed(step, secrets.mask(error));
        } catch (RuntimeException e) {
            log.warn("step {}: cannot record the failed try: {}", step.key(), e.toString());
        }
    }

    /**
     * Each try of a step: its duration by connector and outcome, and a failure counter by connector and kind
     * ({@code business}, {@code bad-input}, {@code temporary}, or {@code error} for anything unforeseen).
     */
    private void measure(String connectorId, String outcome, long nanos) {
        Timer.builder("fediflow.step.duration").description("Connector step tries by connector and outcome")
                .tags("connector", connectorId, "outcome", outcome)
                .serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
                        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5))
                .register(meters).record(Duration.ofNanos(nanos));
        if (!"ok".equals(outcome)) {
            Counter.builder("fediflow.step.failures").description("Failed connector step tries by connector and kind")
                    .tags("connector", connectorId, "kind", outcome).register(meters).increment();
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

    /** The inputs made the connector's input record, checked, and the connector called (also by {@link DryRun}). */
    static <I extends Record, O extends Record> O call(Connector<I, O> connector, Map<String, Object> values,
                                                       StepContext context, ObjectMapper mapper, Validator validator) {
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
