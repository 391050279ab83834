package org.fediflow.workflow;

import java.time.Duration;
import java.util.List;

import org.flowable.bpmn.model.BaseElement;
import org.flowable.bpmn.model.ServiceTask;
import org.flowable.engine.impl.bpmn.parser.BpmnParse;
import org.flowable.engine.impl.bpmn.parser.handler.AbstractBpmnParseHandler;
import org.flowable.engine.impl.cfg.DelegateExpressionFieldInjectionMode;
import org.flowable.spring.SpringProcessEngineConfiguration;
import org.flowable.spring.boot.EngineConfigurationConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

    @Bean
    EngineConfigurationConfigurer<SpringProcessEngineConfiguration> fediflowEngineSettings(WorkflowProperties properties) {
        WorkflowProperties.Workflow workflow = properties.workflow();
        return configuration -> {
            // Singleton delegates must not keep per-call state in injected fields.
            configuration.setDelegateExpressionFieldInjectionMode(DelegateExpressionFieldInjectionMode.DISABLED);
            configuration.setAsyncExecutorNumberOfRetries(workflow.retries());
            configuration.setAsyncFailedJobWaitTime((int) workflow.retryWait().toSeconds());
            configuration.setDefaultFailedJobWaitTime((int) workflow.retryWait().toSeconds());
            configuration.getAsyncExecutorConfiguration().setAsyncJobLockTime(workflow.jobLockTime());
            configuration.getAsyncExecutorConfiguration().setTimerLockTime(workflow.jobLockTime());
            // Expired locks (a node died mid-step) are looked for twice as often as Flowable's default, so a
            // dead node's steps are taken over within job-lock-time + 30 s.
            configuration.getAsyncExecutorConfiguration().setResetExpiredJobsInterval(Duration.ofSeconds(30));
            configuration.setFailedJobCommandFactory(RetryAfterJobRetryCmd::new);
            configuration.setPreBpmnParseHandlers(List.of(new ConnectorStepsRunAsync()));
        };
    }

    /**
     * Every connector step is its own transaction with retries: one slow or failing outside system must not
     * roll back the steps before it, and a retry must not repeat them.
     */
    static final class ConnectorStepsRunAsync extends AbstractBpmnParseHandler<ServiceTask> {
        @Override
        protected Class<? extends BaseElement> getHandledType() {
            return ServiceTask.class;
        }

        @Override
        protected void executeParse(BpmnParse bpmnParse, ServiceTask task) {
            if (ConnectorSteps.isConnectorStep(task)) {
                task.setAsynchronous(true);
            }
        }
    }
}
