package org.fediflow.metrics;

import org.fediflow.shared.EngineListeners;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.flowable.common.engine.api.delegate.event.FlowableEngineEvent;
import org.flowable.common.engine.api.delegate.event.FlowableEngineEventType;
import org.flowable.common.engine.api.delegate.event.FlowableEvent;
import org.flowable.common.engine.api.delegate.event.AbstractFlowableEventListener;
import org.flowable.common.engine.impl.interceptor.CommandContext;
import org.flowable.common.engine.impl.context.Context;
import org.flowable.engine.impl.util.CommandContextUtil;
import org.flowable.engine.repository.ProcessDefinition;
import org.flowable.spring.SpringProcessEngineConfiguration;
import org.flowable.spring.boot.EngineConfigurationConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs started, completed, cancelled and failed (a step out of tries: an incident), by diagram, counted when the
 * engine's transaction commits: a start rolled back and taken again by the dispatcher counts once.
 */
@Configuration(proxyBeanMethods = false)
class RunMetrics {

    static final String STARTED = "fediflow.runs.started";
    static final String COMPLETED = "fediflow.runs.completed";
    static final String CANCELLED = "fediflow.runs.cancelled";
    static final String FAILED = "fediflow.runs.failed";

    private static final Set<FlowableEngineEventType> COMPLETIONS = Set.of(FlowableEngineEventType.PROCESS_COMPLETED,
            FlowableEngineEventType.PROCESS_COMPLETED_WITH_TERMINATE_END_EVENT,
            FlowableEngineEventType.PROCESS_COMPLETED_WITH_ERROR_END_EVENT,
            FlowableEngineEventType.PROCESS_COMPLETED_WITH_ESCALATION_END_EVENT);

    @Bean
    EngineConfigurationConfigurer<SpringProcessEngineConfiguration> fediflowRunMetrics(MeterRegistry registry) {
        return EngineListeners.adding(new Listener(registry));
    }

    static final class Listener extends AbstractFlowableEventListener {

        private final MeterRegistry registry;
        /** Definition id to key; ids never change their key. */
        private final Map<String, String> keys = new ConcurrentHashMap<>();

        Listener(MeterRegistry registry) {
            this.registry = registry;
        }

        @Override
        public void onEvent(FlowableEvent event) {
            if (!(event instanceof FlowableEngineEvent engineEvent)
                    || !(event.getType() instanceof FlowableEngineEventType type)) {
                return;
            }
            String name;
            if (type == FlowableEngineEventType.PROCESS_STARTED) {
                name = STARTED;
            } else if (COMPLETIONS.contains(type)) {
                name = COMPLETED;
            } else if (type == FlowableEngineEventType.PROCESS_CANCELLED) {
                // Also sent for a call activity's or an event sub-process' scope: only the run itself counts.
                if (engineEvent.getExecutionId() != null
                        && !engineEvent.getExecutionId().equals(engineEvent.getProcessInstanceId())) {
                    return;
                }
                name = CANCELLED;
            } else if (type == FlowableEngineEventType.JOB_MOVED_TO_DEADLETTER) {
                name = FAILED;
            } else {
                return;
            }
            String definitionId = engineEvent.getProcessDefinitionId();
            if (definitionId == null) {
                return;
            }
            Counter counter = Counter.builder(name).tag("diagram", key(definitionId)).register(registry);
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        counter.increment();
                    }
                });
            } else {
                counter.increment();
            }
        }

        private String key(String definitionId) {
            return keys.computeIfAbsent(definitionId, id -> {
                CommandContext context = Context.getCommandContext();
                ProcessDefinition definition = context == null ? null
                        : CommandContextUtil.getProcessEngineConfiguration(context).getDeploymentManager()
                        .findDeployedProcessDefinitionById(id);
                return definition == null ? id.split(":")[0] : definition.getKey();
            });
        }

        @Override
        public boolean isFailOnException() {
            return false;
        }
    }
}
