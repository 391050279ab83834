package org.fediflow.workflow;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import javax.sql.DataSource;

import jakarta.validation.Validation;

import org.fediflow.connector.ComputeOnly;
import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorDescriptor;
import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.ConnectorRegistry;
import org.fediflow.connector.StepContext;
import org.fediflow.testing.ConnectorClasses;
import org.flowable.engine.HistoryService;
import org.flowable.engine.ManagementService;
import org.flowable.engine.ProcessEngine;
import org.flowable.engine.ProcessEngineConfiguration;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.history.HistoricActivityInstance;
import org.flowable.engine.impl.cfg.DelegateExpressionFieldInjectionMode;
import org.flowable.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.flowable.engine.runtime.Execution;
import org.flowable.engine.runtime.ProcessInstance;
import org.flowable.job.api.Job;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shipped diagrams on a bare Flowable engine (in-memory H2, no Spring context, no web server, no inbox), each
 * connector replaced by a stub under its real id that answers with canned outputs. What is real: the diagram
 * exactly as shipped, the engine with the same settings as the application (connector steps asynchronous but those
 * of {@link ComputeOnly} connectors, no field
 * injection), the {@link ConnectorDelegate} that turns a step's fields into the connector's input record (validated
 * as in production) and its output into the result variable, connector descriptors, and the settings beans the
 * diagrams' expressions name, bound from their properties with the shipped defaults.
 *
 * <p>A canned output is given as a map (or a record) and converted into the connector's real output record, so a
 * stub cannot answer with a field its connector does not have. An unstubbed connector answers an output with every
 * field empty. Jobs and timers are run by the test ({@link Run#drain()}, {@link Run#fireTimer()}), never by a
 * background executor, so a run is deterministic and takes milliseconds.
 */
public final class DiagramRuns implements AutoCloseable {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();

    private final ProcessEngine engine;
    private final Map<Object, Object> beans = new HashMap<>();
    private final Map<String, Function<JsonNode, Object>> answers = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    /** One connector call a run made: the step, the connector and the input after the diagram's expressions. */
    public record Call(String runId, String stepId, String connector, JsonNode input) {
    }

    private DiagramRuns(Map<String, String> properties, List<String> diagrams) {
        SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.h2.Driver(),
                "jdbc:h2:mem:diagrams-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) ProcessEngineConfiguration
                .createStandaloneInMemProcessEngineConfiguration();
        configuration.setDataSource(dataSource);
        configuration.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE);
        configuration.setAsyncExecutorActivate(false);
        configuration.setDelegateExpressionFieldInjectionMode(DelegateExpressionFieldInjectionMode.DISABLED);
        configuration.setPreBpmnParseHandlers(List.of(new EngineConfiguration.ConnectorStepsRunAsync(id ->
                ConnectorClasses.all().stream().anyMatch(f -> f.id().equals(id)
                        && f.type().isAnnotationPresent(ComputeOnly.class)))));
        configuration.setBeans(beans);
        for (String settings : List.of("org.fediflow.moderation.ReportSettings", "org.fediflow.onboarding.OnboardingSettings",
                "org.fediflow.backup.BackupSchedule", "org.fediflow.upgrade.UpgradeSettings")) {
            Object bean = bound(settings, properties);
            beans.put(beanName(bean.getClass()), bean);
        }
        engine = configuration.buildProcessEngine();
        beans.put("connector", delegate(dataSource, configuration));
        for (String diagram : diagrams) {
            try (InputStream in = Files.newInputStream(Path.of("bpmn", diagram))) {
                engine.getRepositoryService().createDeployment().addInputStream(diagram, in).deploy();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** An engine with the named shipped diagrams ({@code bpmn/<name>}) deployed, settings at their defaults. */
    public static DiagramRuns of(String... diagrams) {
        return new DiagramRuns(Map.of(), List.of(diagrams));
    }

    /** The same, with some application properties set, e.g. {@code fediflow.reports.escalation-group}. */
    public static DiagramRuns of(Map<String, String> properties, String... diagrams) {
        return new DiagramRuns(properties, List.of(diagrams));
    }

    /** Forgets the canned answers and the recorded calls (the engine and its deployments stay). */
    public void reset() {
        answers.clear();
        calls.clear();
    }

    /** What connector {@code id} answers from now on; the function gets the step's input as JSON. */
    public DiagramRuns answer(String id, Function<JsonNode, Object> output) {
        ConnectorClasses.byId(id);
        answers.put(id, output);
        return this;
    }

    /** The same answer every time. */
    public DiagramRuns answer(String id, Object output) {
        return answer(id, input -> output);
    }

    /** Connector {@code id} fails with a business outcome (a BPMN error with this code) from now on. */
    public DiagramRuns failWith(String id, String code) {
        return answer(id, input -> {
            throw new ConnectorFailure.Business(code, "stubbed " + code);
        });
    }

    public Run start(String processKey, String businessKey, Map<String, Object> variables) {
        ProcessInstance run = engine.getRuntimeService().createProcessInstanceBuilder().processDefinitionKey(processKey)
                .businessKey(businessKey).variables(variables).start();
        return new Run(run.getId()).drain();
    }

    /** Starts a run the way the inbox does for an event: by its message, with {@code payload} and friends. */
    public Run startByMessage(String messageName, String businessKey, Object payload) {
        String source = messageName.substring(0, messageName.indexOf('.'));
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("payload", MAPPER.valueToTree(payload));
        variables.put("event", messageName.substring(source.length() + 1));
        variables.put("source", source);
        variables.put("inboxId", 1L);
        ProcessInstance run = engine.getRuntimeService().createProcessInstanceBuilder().messageName(messageName)
                .businessKey(businessKey).variables(variables).start();
        return new Run(run.getId()).drain();
    }

    /** Fires the timer start event of a diagram, as its schedule would; returns the run it started. */
    public Run fireStartTimer(String processKey) {
        String definition = engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(processKey)
                .latestVersion().singleResult().getId();
        List<String> before = engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(processKey)
                .list().stream().map(ProcessInstance::getId).toList();
        Job timer = engine.getManagementService().createTimerJobQuery().processDefinitionId(definition)
                .list().stream().filter(j -> j.getProcessInstanceId() == null).findFirst()
                .orElseThrow(() -> new AssertionError("no start timer for " + processKey));
        Job job = engine.getManagementService().moveTimerToExecutableJob(timer.getId());
        engine.getManagementService().executeJob(job.getId());
        ProcessInstance started = engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(processKey)
                .list().stream().filter(p -> !before.contains(p.getId())).findFirst()
                .orElseThrow(() -> new AssertionError("the start timer of " + processKey + " started no run"));
        return new Run(started.getId()).drain();
    }

    public RuntimeService runtime() {
        return engine.getRuntimeService();
    }

    public RepositoryService repository() {
        return engine.getRepositoryService();
    }

    @Override
    public void close() {
        engine.close();
    }

    /** One run of a diagram. */
    public final class Run {

        private final String id;

        Run(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /**
         * Runs every job that is due now (connector steps, asynchronous continuations) until none is left, as the
         * job executor would; timers that are not due stay.
         */
        public Run drain() {
            ManagementService management = engine.getManagementService();
            for (int round = 0; round < 500; round++) {
                List<Job> jobs = management.createJobQuery().list();
                if (jobs.isEmpty()) {
                    return this;
                }
                for (Job job : jobs) {
                    management.executeJob(job.getId());
                }
            }
            throw new AssertionError("run " + id + " keeps making jobs: a loop without a wait?");
        }

        /** Delivers a Slack or Mastodon event to this run as the inbox does ({@code lastEvent}, {@code lastEventName}). */
        public Run receive(String messageName, Object lastEvent) {
            List<Execution> waiting = engine.getRuntimeService().createExecutionQuery().processInstanceId(id)
                    .messageEventSubscriptionName(messageName).list();
            if (waiting.isEmpty()) {
                throw new AssertionError("run " + id + " does not wait for " + messageName + "; it is at "
                        + activeActivities());
            }
            Map<String, Object> received = Map.of("lastEvent", MAPPER.valueToTree(lastEvent), "lastEventName", messageName);
            engine.getRuntimeService().messageEventReceived(messageName, waiting.get(0).getId(), received);
            return drain();
        }

        /** True when the run has a subscription for the message (an event for it would reach the run). */
        public boolean waitsFor(String messageName) {
            return engine.getRuntimeService().createExecutionQuery().processInstanceId(id)
                    .messageEventSubscriptionName(messageName).count() > 0;
        }

        /** Fires the run's one pending timer as if its time had come; fails when there is none or several. */
        public Run fireTimer() {
            List<Job> timers = engine.getManagementService().createTimerJobQuery().processInstanceId(id).list();
            if (timers.size() != 1) {
                throw new AssertionError("run " + id + " has " + timers.size() + " timers: " + timers);
            }
            return fireTimer(timers.get(0));
        }

        /** Fires the run's timer on the given element (a catch event or a boundary event). */
        public Run fireTimer(String elementId) {
            Job timer = engine.getManagementService().createTimerJobQuery().processInstanceId(id).list().stream()
                    .filter(j -> elementId.equals(j.getElementId())).findFirst()
                    .orElseThrow(() -> new AssertionError("run " + id + " has no timer on " + elementId));
            return fireTimer(timer);
        }

        private Run fireTimer(Job timer) {
            Job job = engine.getManagementService().moveTimerToExecutableJob(timer.getId());
            engine.getManagementService().executeJob(job.getId());
            return drain();
        }

        /** When the run's timer on the element is due. */
        public java.time.Instant timerDue(String elementId) {
            return engine.getManagementService().createTimerJobQuery().processInstanceId(id).list().stream()
                    .filter(j -> elementId.equals(j.getElementId())).findFirst()
                    .orElseThrow(() -> new AssertionError("run " + id + " has no timer on " + elementId))
                    .getDuedate().toInstant();
        }

        /** The pending timers' elements. */
        public List<String> timers() {
            return engine.getManagementService().createTimerJobQuery().processInstanceId(id).list().stream()
                    .map(Job::getElementId).toList();
        }

        public boolean ended() {
            return engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(id).count() == 0;
        }

        /** Elements the run has passed through or is in, in order. */
        public List<String> path() {
            HistoryService history = engine.getHistoryService();
            return history.createHistoricActivityInstanceQuery().processInstanceId(id)
                    .orderByHistoricActivityInstanceStartTime().asc().orderByHistoricActivityInstanceId().asc().list()
                    .stream().map(HistoricActivityInstance::getActivityId).toList();
        }

        /** The end events the run reached. */
        public List<String> endEvents() {
            return engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(id)
                    .activityType("endEvent").list().stream().map(HistoricActivityInstance::getActivityId).toList();
        }

        public List<String> activeActivities() {
            return engine.getRuntimeService().getActiveActivityIds(id);
        }

        /** The connector calls of this run, in order. */
        public List<Call> calls() {
            return calls.stream().filter(c -> c.runId().equals(id)).toList();
        }

        /** The ids of the steps that called a connector, in order. */
        public List<String> steps() {
            return calls().stream().map(Call::stepId).toList();
        }

        /** The inputs of every call of one step, in order. */
        public List<JsonNode> inputsOf(String stepId) {
            return calls().stream().filter(c -> c.stepId().equals(stepId)).map(Call::input).toList();
        }

        public Object variable(String name) {
            return engine.getRuntimeService().getVariable(id, name);
        }

        /** Runs started by this run's call activities. */
        public List<Run> children() {
            return engine.getHistoryService().createHistoricProcessInstanceQuery().superProcessInstanceId(id).list()
                    .stream().map(p -> new Run(p.getId())).toList();
        }
    }

    private ConnectorDelegate delegate(DataSource dataSource, ProcessEngineConfiguration configuration) {
        List<Connector<?, ?>> stubs = new ArrayList<>();
        for (ConnectorClasses.Found found : ConnectorClasses.all()) {
            stubs.add(new Stub<>(found.id(), found.input(), found.output()));
        }
        ConnectorRegistry registry = new ConnectorRegistry(stubs, descriptors());
        WorkflowProperties properties = new WorkflowProperties(new WorkflowProperties.Bpmn(Path.of("bpmn"),
                Duration.ofSeconds(2), true), new WorkflowProperties.Workflow(3, Duration.ofSeconds(60),
                Duration.ofSeconds(60)), null, null);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        JobLeases leases = new JobLeases(engine, jdbc, Clock.systemUTC(), properties);
        try {
            // What each step did is written to the application's own table (StepRecords): made from its migration.
            jdbc.execute(Files.readString(Path.of("src/main/resources/db/migration/V131__step_records.sql")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StepRecords records = new StepRecords(jdbc, MAPPER, Clock.systemUTC(),
                new org.springframework.jdbc.datasource.DataSourceTransactionManager(dataSource));
        return new ConnectorDelegate(registry, Validation.buildDefaultValidatorFactory().getValidator(), MAPPER,
                engine.getRuntimeService(), leases, records,
                new Secrets(new org.springframework.core.env.StandardEnvironment(), MAPPER), Clock.systemUTC(),
                configuration, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    /** A connector under a real id with the real input and output records; answers what the test said. */
    private final class Stub<I extends Record, O extends Record> implements Connector<I, O> {

        private final String id;
        private final Class<I> input;
        private final Class<O> output;

        Stub(String id, Class<I> input, Class<O> output) {
            this.id = id;
            this.input = input;
            this.output = output;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Class<I> inputType() {
            return input;
        }

        @Override
        public O execute(I in, StepContext context) {
            JsonNode json = MAPPER.valueToTree(in);
            calls.add(new Call(context.runId(), context.stepId(), id, json));
            Object answer = answers.getOrDefault(id, i -> Map.of()).apply(json);
            if (output.isInstance(answer)) {
                return output.cast(answer);
            }
            return STRICT.convertValue(answer, output);
        }
    }

    private static List<ConnectorDescriptor> descriptors() {
        List<ConnectorDescriptor> descriptors = new ArrayList<>();
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:connectors/*.json")) {
                try (InputStream in = resource.getInputStream()) {
                    descriptors.add(MAPPER.readValue(in, ConnectorDescriptor.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return descriptors;
    }

    /**
     * A settings bean (such as {@code ReportSettings}) built as Spring would: each constructor parameter is a
     * {@code @ConfigurationProperties} record bound from the given properties, defaults applied.
     */
    private static Object bound(String className, Map<String, String> properties) {
        try {
            Class<?> type = Class.forName(className);
            Constructor<?> constructor = type.getDeclaredConstructors()[0];
            Binder binder = new Binder(new MapConfigurationPropertySource(properties));
            Object[] arguments = new Object[constructor.getParameterCount()];
            for (int i = 0; i < arguments.length; i++) {
                Class<?> parameter = constructor.getParameterTypes()[i];
                String prefix = MergedAnnotations.from(parameter).get(ConfigurationProperties.class).getString("prefix");
                arguments[i] = binder.bindOrCreate(prefix, parameter);
            }
            return BeanUtils.instantiateClass(constructor, arguments);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String beanName(Class<?> type) {
        String name = MergedAnnotations.from(type).get(org.springframework.stereotype.Component.class).getString("value");
        return name.isEmpty() ? Character.toLowerCase(type.getSimpleName().charAt(0)) + type.getSimpleName().substring(1)
                : name;
    }
}
