package org.fediflow.workflow;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import javax.sql.DataSource;

import org.fediflow.connector.ComputeOnly;
import org.fediflow.connector.ConnectorRegistry;
import org.flowable.bpmn.model.BaseElement;
import org.flowable.bpmn.model.ServiceTask;
import org.flowable.common.engine.api.Engine;
import org.flowable.common.engine.impl.calendar.CycleBusinessCalendar;
import org.flowable.common.engine.impl.calendar.DueDateBusinessCalendar;
import org.flowable.common.engine.impl.calendar.DurationBusinessCalendar;
import org.flowable.common.engine.impl.calendar.MapBusinessCalendarManager;
import org.flowable.common.engine.impl.util.DefaultClockImpl;
import org.flowable.common.engine.api.engine.EngineLifecycleListener;
import org.flowable.engine.impl.bpmn.parser.BpmnParse;
import org.flowable.engine.impl.bpmn.parser.handler.AbstractBpmnParseHandler;
import org.flowable.engine.impl.cfg.DelegateExpressionFieldInjectionMode;
import org.flowable.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.flowable.engine.impl.persistence.entity.ActivityInstanceEntity;
import org.flowable.engine.impl.persistence.entity.data.impl.MybatisActivityInstanceDataManager;
import org.flowable.job.service.impl.asyncexecutor.AsyncJobExecutorConfiguration;
import org.flowable.spring.SpringProcessEngineConfiguration;
import org.flowable.spring.boot.EngineConfigurationConfigurer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

    /**
     * Job locks. The executor Flowable's starter builds reads its own configuration bean
     * ({@code flowable.process.async.executor.*}), not the engine's, whose defaults (a lock of one hour) would
     * leave a dead node's steps untouched for an hour. Expired locks are looked for every 10 s instead of every
     * 60 s, so a dead node's steps are taken over within job-lock-time + 10 s.
     */
    @Bean
    static BeanPostProcessor fediflowJobLocks(ObjectProvider<WorkflowProperties> properties) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof AsyncJobExecutorConfiguration executor && "processAsyncExecutorConfiguration".equals(name)) {
                    Duration lock = properties.getObject().workflow().jobLockTime();
                    executor.setAsyncJobLockTime(lock);
                    executor.setTimerLockTime(lock);
                    executor.setResetExpiredJobsInterval(Duration.ofSeconds(10));
                }
                return bean;
            }
        };
    }

    /**
     * MyBatis keeps every mapping file's {@code <sql>} fragments for statements it may still have to parse, and each
     * fragment holds its file's whole DOM: about 5 MiB of an idle node's 50 MiB of live heap. Once every statement is
     * parsed (the engine is built; nothing is left incomplete), nothing reads them again.
     */
    static void forgetMappingFiles(org.apache.ibatis.session.Configuration mybatis) {
        if (mybatis.getIncompleteStatements().isEmpty() && mybatis.getIncompleteResultMaps().isEmpty()
                && mybatis.getIncompleteCacheRefs().isEmpty() && mybatis.getIncompleteMethods().isEmpty()) {
            mybatis.getSqlFragments().clear();
        }
    }

    @Bean
    ClusterLock clusterLock(DataSource dataSource) {
        return new ClusterLock(dataSource);
    }

    @Bean
    Timers timers(WorkflowProperties properties) {
        return new Timers(properties.zone());
    }

    @Bean
    EngineConfigurationConfigurer<SpringProcessEngineConfiguration> fediflowEngineSettings(WorkflowProperties properties,
                                                                                          ClusterLock clusterLock,
                                                                                          Timers timers,
                                                                                          FlowReadiness readiness,
                                                                                          ObjectProvider<ConnectorRegistry> connectors) {
        WorkflowProperties.Workflow workflow = properties.workflow();
        return configuration -> {
            // Nodes starting together on an empty database would each create the engine's tables: one builds the
            // engine at a time, and the next finds the tables made.
            ClusterLock.Held schema = clusterLock.acquire("engine-build");
            configuration.addEngineLifecycleListener(new EngineLifecycleListener() {
                @Override
                public void onEngineBuilt(Engine engine) {
                    schema.release();
                    forgetMappingFiles(configuration.getSqlSessionFactory().getConfiguration());
                }

                @Override
                public void onEngineClosed(Engine engine) {
                }
            });
            // No PNG of each deployed diagram (AWT rendering at deploy, a picture stored per version): the console draws
            // diagrams from their XML.
            configuration.setCreateDiagramOnDeploy(false);
            // One INSERT statement per entity instead of Flowable's multi-row INSERTs: MyBatis builds a multi-row
            // INSERT's SQL anew for every flush (its foreach parsed, every parameter token compiled), and the database
            // parses a new statement for each row count. A profile of reports from a cold start put 26 % of the
            // node's CPU in building them (bench/README.md).
            configuration.setBulkInsertEnabled(false);
            // Singleton delegates must not keep per-call state in injected fields.
            configuration.setDelegateExpressionFieldInjectionMode(DelegateExpressionFieldInjectionMode.DISABLED);
            configuration.setAsyncExecutorNumberOfRetries(workflow.retries());
            configuration.setAsyncFailedJobWaitTime((int) workflow.retryWait().toSeconds());
            configuration.setDefaultFailedJobWaitTime((int) workflow.retryWait().toSeconds());
            configuration.setFailedJobCommandFactory(RetryAfterJobRetryCmd::new);
            // Read when a diagram is parsed (after the engine is built), not now: connectors may need engine services.
            configuration.setPreBpmnParseHandlers(List.of(new ConnectorStepsRunAsync(id -> connectors.getObject()
                    .connector(id).map(c -> AnnotatedElementUtils.hasAnnotation(ClassUtils.getUserClass(c), ComputeOnly.class))
                    .orElse(false))));
            // Timer cycles in five-field cron, Quartz cron or ISO-8601, in fediflow.time-zone (Timers).
            DefaultClockImpl clock = new DefaultClockImpl();
            configuration.setClock(clock);
            MapBusinessCalendarManager calendars = new MapBusinessCalendarManager();
            calendars.addBusinessCalendar(DurationBusinessCalendar.NAME, new DurationBusinessCalendar(clock));
            calendars.addBusinessCalendar(DueDateBusinessCalendar.NAME, new DueDateBusinessCalendar(clock));
            calendars.addBusinessCalendar(CycleBusinessCalendar.NAME, new Timers.CycleCalendar(clock, timers));
            configuration.setBusinessCalendarManager(calendars);
            // Any number of diagrams may start on one message; EventRouter starts each (ADR 9).
            configuration.setEventSubscriptionManager(new SharedMessageStarts());
            configuration.setActivityInstanceDataManager(new TakenFlowsInHistoryOnly(configuration));
            configuration.addCustomJobHandler(new QuietTimerStart(readiness, properties));
        };
    }

    /**
     * A sequence flow taken is recorded in the run's history (the console draws the path taken from it), and by
     * Flowable also as a row of its runtime activity table that nothing reads (it is born finished; the engine looks
     * up only unfinished or named activities there) and that is deleted when the run ends. That row is not written:
     * a report run waiting for a moderator passes 15 flows, so 15 fewer inserts per run and about 10 KiB less
     * stored while it waits (bench/README.md).
     */
    static final class TakenFlowsInHistoryOnly extends MybatisActivityInstanceDataManager {

        TakenFlowsInHistoryOnly(ProcessEngineConfigurationImpl configuration) {
            super(configuration);
        }

        @Override
        public void insert(ActivityInstanceEntity activity) {
            if (!SEQUENCE_FLOW.equals(activity.getActivityType())) {
                super.insert(activity);
            }
        }

        static final String SEQUENCE_FLOW = "sequenceFlow";
    }

    /**
     * Every connector step that calls outside is its own transaction with retries: one slow or failing outside system
     * must not roll back the steps before it, and a retry must not repeat them. A step of a {@link ComputeOnly}
     * connector named by its id (rendering a card, a log line) runs in the transaction of what came before it, without
     * a job of its own, unless the diagram marks it asynchronous itself.
     */
    static final class ConnectorStepsRunAsync extends AbstractBpmnParseHandler<ServiceTask> {

        private final Predicate<String> computeOnly;

        /** @param computeOnly whether the connector with this id only computes */
        ConnectorStepsRunAsync(Predicate<String> computeOnly) {
            this.computeOnly = computeOnly;
        }

        @Override
        protected Class<? extends BaseElement> getHandledType() {
            return ServiceTask.class;
        }

        @Override
        protected void executeParse(BpmnParse bpmnParse, ServiceTask task) {
            if (ConnectorSteps.isConnectorStep(task) && !computesOnly(task)) {
                task.setAsynchronous(true);
            }
        }

        private boolean computesOnly(ServiceTask task) {
            // Only a connector named by its id: one chosen by an expression is known when the step runs.
            return ConnectorSteps.field(task, ConnectorDelegate.CONNECTOR_FIELD)
                    .filter(f -> f.getStringValue() != null && !f.getStringValue().isBlank())
                    .map(f -> computeOnly.test(f.getStringValue().trim()))
                    .orElse(false);
        }
    }
}
