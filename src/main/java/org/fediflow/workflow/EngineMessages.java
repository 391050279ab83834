package org.fediflow.workflow;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.FlowElement;

/** What the engine or the parser said about a diagram, put so an operator can find the element it is about. */
final class EngineMessages {

    private EngineMessages() {
    }

    /**
     * The element the engine's message is about: the first whose id it names, else the one around the first quoted
     * text of the message found in the file (the engine quotes the value it could not use, not where it was).
     */
    static String elementNamedIn(BpmnModel model, byte[] xml, String message) {
        if (model == null || message == null) {
            return null;
        }
        List<String> ids = new ArrayList<>();
        for (var process : model.getProcesses()) {
            for (FlowElement element : process.findFlowElementsOfType(FlowElement.class, true)) {
                if (element.getId() != null) {
                    ids.add(element.getId());
                }
            }
        }
        for (String id : ids) {
            if (Pattern.compile("(?<![\\w-])" + Pattern.quote(id) + "(?![\\w-])").matcher(message).find()) {
                return id;
            }
        }
        String text = new String(xml, StandardCharsets.UTF_8);
        var quoted = Pattern.compile("'([^']{2,200})'").matcher(message);
        while (quoted.find()) {
            int at = text.indexOf(quoted.group(1));
            if (at < 0) {
                continue;
            }
            var id = Pattern.compile("\\sid=\"([^\"]+)\"").matcher(text.substring(0, at));
            String last = null;
            while (id.find()) {
                if (ids.contains(id.group(1))) {
                    last = id.group(1);
                }
            }
            if (last != null) {
                return last;
            }
        }
        return null;
    }

    static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
