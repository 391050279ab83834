package org.fediflow.workflow;

import java.util.ArrayList;
import java.util.List;

import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.repository.ProcessDefinition;
import org.flowable.engine.runtime.Execution;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Starts and correlates runs for inbound events. Must run inside the caller's transaction so that the
 * caller's bookkeeping (the inbox row marked dispatched) commits or rolls back together with the run.
 */
@Service
public class EventRouter {

    private final RepositoryService repository;
    private final RuntimeService runtime;

    EventRouter(RepositoryService repository, RuntimeService runtime) {
        this.repository = repository;
        this.runtime = runtime;
    }

    /** @return the runs started and the waiting runs reached; empty when no diagram listens for the message */
    @Transactional(propagation = Propagation.MANDATORY)
    public Routed route(InboundEvent event) {
        List<String> reached = new ArrayList<>();
        if (event.businessKey() != null) {
            List<Execution> waiting = runtime.createExecutionQuery()
                    .messageEventSubscriptionName(event.messageName())
                    .processInstanceBusinessKey(event.businessKey(), true)
                    .list();
            for (Execution execution : waiting) {
                runtime.messageEventReceived(event.messageName(), execution.getId(), event.variables());
                reached.add(execution.getProcessInstanceId());
            }
        }
        List<String> started = new ArrayList<>();
        ProcessDefinition starter = repository.createProcessDefinitionQuery()
                .messageEventSubscriptionName(event.messageName()).singleResult();
        if (starter != null) {
            started.add(runtime.createProcessInstanceBuilder()
                    .messageName(event.messageName())
                    .businessKey(event.businessKey())
                    .variables(event.variables())
                    .start().getId());
        }
        return new Routed(List.copyOf(started), List.copyOf(reached));
    }

    public record Routed(List<String> started, List<String> reached) {
        public boolean nobodyListened() {
            return started.isEmpty() && reached.isEmpty();
        }
    }
}
