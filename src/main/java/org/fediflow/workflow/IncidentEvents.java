package org.fediflow.workflow;

import org.fediflow.shared.EngineListeners;

import org.flowable.common.engine.api.delegate.event.FlowableEngineEventType;
import org.flowable.common.engine.api.delegate.event.FlowableEntityEvent;
import org.flowable.common.engine.api.delegate.event.FlowableEvent;
import org.flowable.common.engine.api.delegate.event.AbstractFlowableEventListener;
import org.flowable.job.api.Job;
import org.flowable.spring.SpringProcessEngineConfiguration;
import org.flowable.spring.boot.EngineConfigurationConfigurer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Tells the application when an incident opens: the engine moves a step that used up its tries to the dead-letter
 * jobs ({@code JOB_MOVED_TO_DEADLETTER}, on the one node that ran the step), and once that transaction commits an
 * {@link Incidents.Opened} is published, exactly once per incident. Nothing polls for incidents.
 */
@Configuration(proxyBeanMethods = false)
class IncidentEvents {

    @Bean
    EngineConfigurationConfigurer<SpringProcessEngineConfiguration> fediflowIncidentEvents(
            ApplicationEventPublisher publisher, ObjectProvider<Incidents> incidents) {
        return EngineListeners.adding(new Listener(publisher, incidents));
    }

    static final class Listener extends AbstractFlowableEventListener {

        private final ApplicationEventPublisher publisher;
        private final ObjectProvider<Incidents> incidents;

        Listener(ApplicationEventPublisher publisher, ObjectProvider<Incidents> incidents) {
            this.publisher = publisher;
            this.incidents = incidents;
        }

        @Override
        public void onEvent(FlowableEvent event) {
            if (event.getType() != FlowableEngineEventType.JOB_MOVED_TO_DEADLETTER
                    || !(event instanceof FlowableEntityEvent entityEvent) || !(entityEvent.getEntity() instanceof Job job)) {
                return;
            }
            // The failure's message is stored with the dead-letter job after this event: read it when the move commits.
            Runnable publish = () -> incidents.getObject().opened(job)
                    .ifPresent(incident -> publisher.publishEvent(new Incidents.Opened(incident)));
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        publish.run();
                    }
                });
            } else {
                publish.run();
            }
        }

        @Override
        public boolean isFailOnException() {
            return false;
        }
    }
}
