package org.fediflow.onboarding;

import org.springframework.stereotype.Component;

/** The onboarding settings as the diagram reads them: {@code ${onboardingSettings.remindAfter()}}. */
@Component("onboardingSettings")
public class OnboardingSettings {

    private final OnboardingProperties properties;

    OnboardingSettings(OnboardingProperties properties) {
        this.properties = properties;
    }

    /** ISO-8601, as a BPMN timer wants it. */
    public String remindAfter() {
        return properties.remindAfter().toString();
    }

    public boolean announceMembers() {
        return properties.announceMembers();
    }
}
