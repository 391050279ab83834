package org.fediflow.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

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
import org.springframework.jdbc.core.JdbcTemplate;
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
    private final JdbcTemplate jdbc;
    /** Definition id and message name to whether it catches the message (bounded by definitions times messages). */
    private final Map<String, Boolean> catching = new ConcurrentHashMap<>();

    EventRouter(RepositoryService repository, RuntimeService runtime, ManagementService management,
                DeliveryEffects effects, JdbcTemplate jdbc) {
        this.repository = repository;
        this.runtime = runtime;
        this.management = management;
        this.effects = effects;
        this.jdbc = jdbc;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public Routed route(InboundEvent event) {
        Map<String, String> done = effects.of(event.inboxId());
        List<String> started = new ArrayList<>();
        List<String> reached = new ArrayList<>();
        done.forEach((target, run) -> (target.startsWith(DeliveryEffects.START) ? started : reached).add(run));
        // The runs with the event's key, read once: routing is the dispatcher's whole work for each delivery, and
        // three engine queries for them (each a command, its SQL built anew by MyBatis) cost more than starting the run.
        List<Run> runs = event.businessKey() == null ? List.of() : runs(event.businessKey());
        if (event.businessKey() != null) {
            Map<String, Object> received = Map.of("lastEvent", event.payload(), "lastEventName", event.messageName());
            for (Waiting waiting : waiting(event.messageName(), event.businessKey())) {
                if (done.containsKey(DeliveryEffects.REACH + waiting.run())) {
                    continue;
                }
                runtime.messageEventReceived(event.messageName(), waiting.execution(), received);
                if (!reached.contains(waiting.run())) {
                    effects.record(event.inboxId(), DeliveryEffects.REACH + waiting.run(), waiting.run());
                    reached.add(waiting.run());
                }
            }
        }
        Map<String, Object> variables = Map.of("payload", event.payload(), "event", event.eventType(),
                "source", event.source(), "inboxId", event.inboxId());
        for (Starter starter : starters(event.messageName())) {
            String target = DeliveryEffects.START + starter.key();
            // A diagram that also catches its start message (onboarding: account.approved starts a run when none
            // exists, and reaches the waiting one otherwise) gets at most one active run per business key from it.
            if (done.containsKey(target) || runs.stream().anyMatch(run -> run.key().equals(starter.key())
                    && catches(run.definitionId(), event.messageName()))) {
                continue;
            }
            String run = management.executeCommand(new SharedMessageStarts.StartAtMessage(starter.definitionId(),
                    event.messageName(), event.businessKey(), variables)).getId();
            effects.record(event.inboxId(), target, run);
            started.add(run);
        }
        // A run with the key that will wait for the event and has not had it from this delivery is busy with a step:
        // the event must be offered again shortly rather than dropped.
        boolean busy = runs.stream().anyMatch(run -> !started.contains(run.id()) && !reached.contains(run.id())
                && catches(run.definitionId(), event.messageName()));
        return new Routed(List.copyOf(started), List.copyOf(reached), busy);
    }

    /** A running run: its id, its definition and that definition's key. */
    private record Run(String id, String definitionId, String key) {
    }

    /** An execution waiting at a catch event for a message, and its run. */
    private record Waiting(String execution, String run) {
    }

    /** A deployed, active definition whose start event starts on a message. */
    private record Starter(String definitionId, String key) {
    }

    /** The active (not suspended) runs with this business key. */
    private List<Run> runs(String businessKey) {
        return jdbc.query("SELECT E.ID_, E.PROC_DEF_ID_, D.KEY_ FROM ACT_RU_EXECUTION E "
                        + "JOIN ACT_RE_PROCDEF D ON D.ID_ = E.PROC_DEF_ID_ "
                        + "WHERE E.PARENT_ID_ IS NULL AND E.BUSINESS_KEY_ = ? AND E.SUSPENSION_STATE_ = 1 ORDER BY E.ID_",
                (rs, i) -> new Run(rs.getString(1), rs.getString(2), rs.getString(3)), businessKey);
    }

    /** The executions of runs with this business key that wait at a catch event for the message. */
    private List<Waiting> waiting(String messageName, String businessKey) {
        return jdbc.query("SELECT S.EXECUTION_ID_, S.PROC_INST_ID_ FROM ACT_RU_EVENT_SUBSCR S "
                        + "JOIN ACT_RU_EXECUTION P ON P.ID_ = S.PROC_INST_ID_ "
                        + "WHERE S.EVENT_TYPE_ = 'message' AND S.EVENT_NAME_ = ? AND P.BUSINESS_KEY_ = ? "
                        + "AND S.EXECUTION_ID_ IS NOT NULL ORDER BY S.EXECUTION_ID_",
                (rs, i) -> new Waiting(rs.getString(1), rs.getString(2)), messageName, businessKey);
    }

    /** Every active definition with a start subscription for the message (SharedMessageStarts), by key. */
    private List<Starter> starters(String messageName) {
        return jdbc.query("SELECT D.ID_, D.KEY_ FROM ACT_RE_PROCDEF D WHERE D.SUSPENSION_STATE_ = 1 AND EXISTS ("
                        + "SELECT 1 FROM ACT_RU_EVENT_SUBSCR S WHERE S.CONFIGURATION_ = D.ID_ "
                        + "AND S.EVENT_TYPE_ = 'message' AND S.EVENT_NAME_ = ? AND S.PROC_INST_ID_ IS NULL) "
                        + "ORDER BY D.KEY_, D.ID_",
                (rs, i) -> new Starter(rs.getString(1), rs.getString(2)), messageName);
    }

    /** Whether the definition has a catch event (intermediate or boundary) for the message; a definition never changes. */
    private boolean catches(String definitionId, String messageName) {
        return catching.computeIfAbsent(definitionId + "\n" + messageName, k -> {
            BpmnModel model = repository.getBpmnModel(definitionId);
            return model.getProcesses().stream().anyMatch(process -> catches(process, model, messageName));
        });
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
