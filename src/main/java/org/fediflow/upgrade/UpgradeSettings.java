package org.fediflow.upgrade;

import org.springframework.stereotype.Component;

/** The upgrade settings as the diagrams read them: {@code ${upgradeSettings.watchCycle()}}. */
@Component("upgradeSettings")
public class UpgradeSettings {

    private final UpgradeProperties properties;

    UpgradeSettings(UpgradeProperties properties) {
        this.properties = properties;
    }

    /** The release watch's timer, e.g. {@code R/PT1H}. */
    public String watchCycle() {
        return "R/" + properties.watchInterval();
    }
}
