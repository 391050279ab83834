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
import org.flowable.engine.ManagementService;
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
 * <p>
 * Every deployed, active diagram whose start event names the message gets its own run (ADR 9); every run with the
 * event's business key that waits for the message receives it. Each is written in {@link DeliveryEffects} in the same
 * transaction, so a delivery offered again starts no diagram and reaches no run a second time.
 */
@Service
public class EventRouter {

    private final RepositoryService repository;
    private final RuntimeService runtime;
    private final ManagementService management;
    private final DeliveryEffects effects;

    EventRouter(RepositoryService repository, RuntimeService runtime, ManagementService management,
                DeliveryEffects effects) {
        this.repository = repository;
        this.runtime = runtime;
        this.management = management;
        this.effects = effects;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public Routed route(InboundEvent event) {
        Map<String, String> done = effects.of(event.inboxId());
        List<String> started = new ArrayList<>();
        List<String> reached = new ArrayList<>();
        done.forEach((target, run) -> (target.startsWith(DeliveryEffects.START) ? started : reached).add(run));
        if (event.businessKey() != null) {
            List<Execution> waiting = runtime.createExecutionQuery()
                    .messageEventSubscriptionName(event.messageName())
                    .processInstanceBusinessKey(event.businessKey(), true)
                    .list();
            Map<String, Object> received = Map.of("lastEvent", event.payload(), "lastEventName", event.messageName());
            for (Execution execution : waiting) {
                String run = execution.getProcessInstanceId();
                if (done.containsKey(DeliveryEffects.REACH + run)) {
                    continue;
                }
                runtime.messageEventReceived(event.messageName(), execution.getId(), received);
                if (!reached.contains(run)) {
                    effects.record(event.inboxId(), DeliveryEffects.REACH + run, run);
                    reached.add(run);
                }
            }
        }
        Map<String, Object> variables = Map.of("payload", event.payload(), "event", event.eventType(),
                "source", event.source(), "inboxId", event.inboxId());
        for (ProcessDefinition starter : repository.createProcessDefinitionQuery()
                .messageEventSubscriptionName(event.messageName()).active().orderByProcessDefinitionKey().asc().list()) {
            String target = DeliveryEffects.START + starter.getKey();
            // A diagram that also catches its start message (onboarding: account.approved starts a run when none
            // exists, and reaches the waiting one otherwise) gets at most one active run per business key from it.
            if (done.containsKey(target) || event.businessKey() != null
                    && aRunWillWaitFor(event.messageName(), event.businessKey(), starter.getKey(), List.of())) {
                continue;
            }
            String run = management.executeCommand(new SharedMessageStarts.StartAtMessage(starter.getId(),
                    event.messageName(), event.businessKey(), variables)).getId();
            effects.record(event.inboxId(), target, run);
            started.add(run);
        }
        List<String> touched = new ArrayList<>(started);
        touched.addAll(reached);
        boolean busy = event.businessKey() != null
                && aRunWillWaitFor(event.messageName(), event.businessKey(), null, touched);
        return new Routed(List.copyOf(started), List.copyOf(reached), busy);
    }

    /**
     * True when a running run with this business key (of the given diagram, or of any when null), other than those
     * excluded, has a catch event for the message. Excluding the runs this delivery started or reached: such a run is
     * busy with a step and the event must be offered again shortly rather than dropped.
     */
    private boolean aRunWillWaitFor(String messageName, String businessKey, String processKey, List<String> excluded) {
        var query = runtime.createProcessInstanceQuery().processInstanceBusinessKey(businessKey).active();
        if (processKey != null) {
            query.processDefinitionKey(processKey);
        }
        for (ProcessInstance run : query.list()) {
            if (excluded.contains(run.getId())) {
                continue;
            }
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
     * @param started every run this delivery started, now and when it was offered before
     * @param reached every run this delivery reached, now and before
     * @param busy    a run that will wait for the event is running and has not had it yet: offer it again
     */
    public record Routed(List<String> started, List<String> reached, boolean busy) {
        public boolean nobodyListened() {
            return started.isEmpty() && reached.isEmpty();
        }
    }
}
