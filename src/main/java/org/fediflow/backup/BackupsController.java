package org.fediflow.backup;

import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/backups}: recent backup runs with status, step outcomes (object names, sizes, durations). */
@RestController
class BackupsController {

    private final BackupRuns runs;

    BackupsController(BackupRuns runs) {
        this.runs = runs;
    }

    @GetMapping("/api/backups")
    List<Map<String, Object>> backups(@RequestParam(defaultValue = "50") int limit) {
        return runs.recent(Math.max(1, Math.min(limit, 500)));
    }
}
