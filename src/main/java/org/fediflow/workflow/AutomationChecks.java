package org.fediflow.workflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.flowable.bpmn.model.BoundaryEvent;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.CallActivity;
import org.flowable.bpmn.model.Event;
import org.flowable.bpmn.model.EventDefinition;
import org.flowable.bpmn.model.ExclusiveGateway;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.FlowElementsContainer;
import org.flowable.bpmn.model.Gateway;
import org.flowable.bpmn.model.InclusiveGateway;
import org.flowable.bpmn.model.IntermediateCatchEvent;
import org.flowable.bpmn.model.MessageEventDefinition;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.SequenceFlow;
import org.flowable.bpmn.model.StartEvent;
import org.flowable.engine.RepositoryService;
import org.springframework.stereotype.Component;

/**
 * What would fail at run time for a reason knowable at deploy, each said on its element with the fix: a gateway
 * that cannot choose, a message event waiting for no message, a call to a diagram that is not there. (Unknown
 * credentials are checked with the connector steps, DiagramValidator.)
 */
@Component
class AutomationChecks {

    private final RepositoryService repository;
    private final Path dir;

    AutomationChecks(RepositoryService repository, WorkflowProperties properties) {
        this.repository = repository;
        this.dir = Diagrams.folder(properties.bpmn().dir());
    }

    void check(BpmnModel model, List<DiagramProblem> problems) {
        for (Process process : model.getProcesses()) {
            checkContainer(model, process, process.getId(), problems);
        }
    }

    private void checkContainer(BpmnModel model, FlowElementsContainer container, String processId,
                                List<DiagramProblem> problems) {
        for (FlowElement element : container.getFlowElements()) {
            if (element instanceof ExclusiveGateway || element instanceof InclusiveGateway) {
                checkGateway((Gateway) element, problems);
            }
            if (element instanceof IntermediateCatchEvent || element instanceof BoundaryEvent || element instanceof StartEvent) {
                for (EventDefinition definition : ((Event) element).getEventDefinitions()) {
                    if (definition instanceof MessageEventDefinition message && blank(message.getMessageRef())
                            && blank(message.getMessageExpression())) {
                        problems.add(new DiagramProblem(element.getId(), "waits for a message but names none: pick "
                                + "the source and event it waits for (e.g. mastodon.report.updated)"));
                    }
                }
            }
            if (element instanceof CallActivity call) {
                String called = call.getCalledElement();
                if (blank(called)) {
                    problems.add(new DiagramProblem(element.getId(), "calls no diagram: pick the diagram it starts"));
                } else if (!called.contains("${") && !called.equals(processId)
                        && repository.createProcessDefinitionQuery().processDefinitionKey(called).count() == 0
                        && !inFolder(called) && !shippedWithTheJar(called)) {
                    problems.add(new DiagramProblem(element.getId(), "calls '" + called
                            + "', which is not deployed: deploy it first or pick another diagram"));
                }
            }
            if (element instanceof FlowElementsContainer nested) {
                checkContainer(model, nested, processId, problems);
            }
        }
    }

    private static void checkGateway(Gateway gateway, List<DiagramProblem> problems) {
        List<SequenceFlow> outgoing = gateway.getOutgoingFlows();
        if (outgoing.size() < 2) {
            return;
        }
        List<String> open = outgoing.stream()
                .filter(f -> !f.getId().equals(gateway.getDefaultFlow()) && blank(f.getConditionExpression()))
                .map(SequenceFlow::getId).toList();
        if (!open.isEmpty()) {
            problems.add(new DiagramProblem(gateway.getId(), "cannot choose: flow" + (open.size() > 1 ? "s " : " ")
                    + String.join(", ", open) + (open.size() > 1 ? " have" : " has") + " no condition; give each "
                    + "a condition, or mark the one to take otherwise as the default flow"));
        }
    }

    /** A diagram in the folder not deployed yet (the folder is deployed file by file at start) counts as there. */
    /** A shipped diagram (bpmn/<key>.bpmn in the jar) is deployed at start, whatever the order of the files. */
    private static boolean shippedWithTheJar(String key) {
        return AutomationChecks.class.getClassLoader().getResource("bpmn/" + key + ".bpmn") != null;
    }

    private boolean inFolder(String key) {
        Pattern declares = Pattern.compile("<(\\w+:)?process\\b[^>]*\\bid=\"" + Pattern.quote(key) + "\"");
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".bpmn")).anyMatch(f -> {
                try {
                    return declares.matcher(Files.readString(f)).find();
                } catch (IOException | RuntimeException e) {
                    return false;
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
