package org.fediflow.moderation;

import org.springframework.stereotype.Component;

/** The report settings as the diagram reads them: {@code ${reportSettings.escalateAfter()}}. */
@Component("reportSettings")
public class ReportSettings {

    private final ReportProperties properties;

    ReportSettings(ReportProperties properties) {
        this.properties = properties;
    }

    /** ISO-8601, as a BPMN timer wants it. */
    public String escalateAfter() {
        return properties.escalateAfter().toString();
    }

    public String escalationMention() {
        String group = properties.escalationGroup();
        return group == null || group.isBlank() ? "<!here>" : "<!subteam^" + group.trim() + ">";
    }
}
