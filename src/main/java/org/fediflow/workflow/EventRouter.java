package org.fediflow.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.flowable.bpmn.model.BoundaryEvent;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.Event;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.FlowElementsContainer;
import org.flowable.bpmn.model.IntermediateCatchEvent;
import org.flowable.bpmn.model.Message;
import org.flowable.bpmn.model.MessageEventDefinition;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.repository.ProcessDefinition;
import org.flowable.engine.runtime.Execution;
import org.flowable.engine.runtime.ProcessInstance;
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
    private final FlowSwitches switches;

    EventRouter(RepositoryService repository, RuntimeService runtime, FlowSwitches switches) {
        this.switches = switches;
        this.repository = repository;
        this.runtime = runtime;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public Routed route(InboundEvent event) {
        List<String> reached = new ArrayList<>();
        if (event.businessKey() != null) {
            List<Execution> waiting = runtime.createExecutionQuery()
                    .messageEventSubscriptionName(event.messageName())
                    .processInstanceBusinessKey(event.businessKey(), true)
                    .list();
            Map<String, Object> received = Map.of("lastEvent", event.payload(), "lastEventName", event.messageName());
            for (Execution execution : waiting) {
                runtime.messageEventReceived(event.messageName(), execution.getId(), received);
                reached.add(execution.getProcessInstanceId());
            }
        }
        List<String> started = new ArrayList<>();
        ProcessDefinition starter = repository.createProcessDefinitionQuery()
                .messageEventSubscriptionName(event.messageName()).singleResult();
        // A diagram that also catches its start message (onboarding: account.approved starts a run when none
        // exists, and reaches the waiting one otherwise) gets at most one active run per business key from it.
        if (starter != null && switches.isEnabled(starter.getKey()) && !(event.businessKey() != null
                && aRunWillWaitFor(event.messageName(), event.businessKey(), starter.getKey()))) {
            started.add(runtime.createProcessInstanceBuilder()
                    .messageName(event.messageName())
                    .businessKey(event.businessKey())
                    .variables(Map.of("payload", event.payload(), "event", event.eventType(), "source", event.source(),
                            "inboxId", event.inboxId()))
                    .start().getId());
        }
        boolean busy = started.isEmpty() && reached.isEmpty() && event.businessKey() != null
                && aRunWillWaitFor(event.messageName(), event.businessKey(), null);
        return new Routed(List.copyOf(started), List.copyOf(reached), busy);
    }

    /**
     * True when a running run with this business key (of the given diagram, or of any when null) has a catch
     * event for the message: when nothing took the event now, that run is busy with a step and the event must be
     * offered again shortly rather than dropped.
     */
    private boolean aRunWillWaitFor(String messageName, String businessKey, String processKey) {
        var query = runtime.createProcessInstanceQuery().processInstanceBusinessKey(businessKey).active();
        if (processKey != null) {
            query.processDefinitionKey(processKey);
        }
        for (ProcessInstance run : query.list()) {
            BpmnModel model = repository.getBpmnModel(run.getProcessDefinitionId());
            for (var process : model.getProcesses()) {
                if (catches(process, model, messageName)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean catches(FlowElementsContainer container, BpmnModel model, String messageName) {
        for (FlowElement element : container.getFlowElements()) {
            if ((element instanceof IntermediateCatchEvent || element instanceof BoundaryEvent)
                    && ((Event) element).getEventDefinitions().stream()
                    .filter(MessageEventDefinition.class::isInstance).map(MessageEventDefinition.class::cast)
                    .anyMatch(d -> messageName.equals(name(model, d)))) {
                return true;
            }
            if (element instanceof FlowElementsContainer nested && catches(nested, model, messageName)) {
                return true;
            }
        }
        return false;
    }

    private static String name(BpmnModel model, MessageEventDefinition definition) {
        String ref = definition.getMessageRef();
        Message message = ref == null ? null : model.getMessage(ref);
        return message != null && message.getName() != null ? message.getName() : Objects.toString(ref, null);
    }

    /**
     * @param busy no run took the event now, but one that will wait for it is running: offer it again
     */
    public record Routed(List<String> started, List<String> reached, boolean busy) {
        public boolean nobodyListened() {
            return started.isEmpty() && reached.isEmpty();
        }
    }
}
