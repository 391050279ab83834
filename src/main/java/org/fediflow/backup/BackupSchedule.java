package org.fediflow.backup;

import org.springframework.stereotype.Component;

/** {@code ${backupSchedule.cycle}} in backup.bpmn's timer: {@code fediflow.backup.schedule}. */
@Component("backupSchedule")
public class BackupSchedule {

    private final String cycle;
    private final String drillCycle;

    BackupSchedule(BackupProperties properties, DrillProperties drill) {
        this.cycle = properties.schedule();
        this.drillCycle = drill.schedule();
    }

    /** {@code ${backupSchedule.drillCycle}} in restore-drill.bpmn: {@code fediflow.backup.drill.schedule}. */
    public String getDrillCycle() {
        return drillCycle;
    }

    public String getCycle() {
        return cycle;
    }
}
