package org.fediflow.backup;

import org.springframework.stereotype.Component;

/** {@code ${backupSchedule.cycle}} in backup.bpmn's timer: {@code fediflow.backup.schedule}. */
@Component("backupSchedule")
public class BackupSchedule {

    private final String cycle;

    BackupSchedule(BackupProperties properties) {
        this.cycle = properties.schedule();
    }

    public String getCycle() {
        return cycle;
    }
}
