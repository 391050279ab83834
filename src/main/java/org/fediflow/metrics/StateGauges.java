package org.fediflow.metrics;

import org.fediflow.shared.Json;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import org.fediflow.inbox.InboxOperations;
import org.flowable.engine.HistoryService;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.history.HistoricProcessInstance;
import org.flowable.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Values that live in the shared database, read every {@code fediflow.metrics.refresh-interval} (never during a
 * scrape, so a slow database cannot make Prometheus time out): the inbox's queue, open incidents by diagram, the last
 * complete backup, the last restore drill, Mastodon's running and available version, and rollouts in progress. Every
 * node reports the same values: aggregate them with {@code max}, not {@code sum}.
 *
 * <p>Longer than most classes, as one job: each gauge is a declaration and one small read, all refreshed on one
 * schedule and stopped with the context ({@link SmartLifecycle}); a class per gauge would repeat that loop.
 */
@Component
class StateGauges implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StateGauges.class);
    private static final JsonMapper JSON = Json.MAPPER;
    static final String RESTORE_DRILL = "restore-drill";
    static final String RELEASE_WATCH = "release-watch";
    static final String UPGRADE_ROLLOUT = "upgrade-rollout";

    private final InboxOperations inbox;
    private final JdbcTemplate jdbc;
    private final HistoryService history;
    private final RuntimeService runtime;
    private final ManagementService management;
    private final Clock clock;
    private final MetricsProperties.Metrics settings;

    private volatile double waiting = Double.NaN;
    private volatile double failedDeliveries = Double.NaN;
    private volatile Instant oldestWaiting;
    private volatile boolean inboxKnown;
    private volatile double backupAt = Double.NaN;
    private volatile double backupSize = Double.NaN;
    private volatile double drillSuccessAt = Double.NaN;
    private volatile double drillFailed = Double.NaN;
    private final MultiGauge incidents;
    private final MultiGauge versions;
    private final MultiGauge rolloutDeadlines;
    private final MultiGauge rollouts;
    private ScheduledExecutorService scheduler;

    StateGauges(InboxOperations inbox, JdbcTemplate jdbc, HistoryService history, RuntimeService runtime,
                ManagementService management, Clock clock, MetricsProperties properties, MeterRegistry registry) {
        this.inbox = inbox;
        this.jdbc = jdbc;
        this.history = history;
        this.runtime = runtime;
        this.management = management;
        this.clock = clock;
        this.settings = properties.metrics();
        Gauge.builder("fediflow.inbox.deliveries", this, s -> s.waiting).tag("status", "received")
                .description("Deliveries accepted and not yet handed to the engine").register(registry);
        Gauge.builder("fediflow.inbox.deliveries", this, s -> s.failedDeliveries).tag("status", "failed")
                .description("Deliveries that could not be handed to the engine (incidents inbox-<n>)").register(registry);
        Gauge.builder("fediflow.inbox.oldest.waiting.age", this, StateGauges::oldestWaitingAge).baseUnit("seconds")
                .description("Age of the oldest delivery not yet handed to the engine; 0 when none waits")
                .register(registry);
        incidents = MultiGauge.builder("fediflow.incidents.open")
                .description("Steps out of tries, waiting for an operator, by diagram").register(registry);
        Gauge.builder("fediflow.backup.last.complete.timestamp", this, s -> s.backupAt).baseUnit("seconds")
                .description("When the newest complete backup (dumps stored and checked, manifest written) ended")
                .register(registry);
        Gauge.builder("fediflow.backup.last.complete.size", this, s -> s.backupSize).baseUnit("bytes")
                .description("Bytes stored by the newest complete backup").register(registry);
        Gauge.builder("fediflow.restore.drill.last.success.timestamp", this, s -> s.drillSuccessAt).baseUnit("seconds")
                .description("When the newest restore drill that passed ended").register(registry);
        Gauge.builder("fediflow.restore.drill.failing", this, s -> s.drillFailed)
                .description("1 when the newest restore drill failed or is an open incident, 0 when it passed, NaN before any").register(registry);
        versions = MultiGauge.builder("fediflow.mastodon.version")
                .description("1, labelled with the running Mastodon version and the newest release to roll out "
                        + "(as the release watch last saw them)").register(registry);
        rolloutDeadlines = MultiGauge.builder("fediflow.upgrade.rollout.deadline.timestamp").baseUnit("seconds")
                .description("Deadline of each rollout in progress (publication + fediflow.upgrade.deadline)")
                .register(registry);
        rollouts = MultiGauge.builder("fediflow.upgrade.rollout")
                .description("1 per rollout in progress, labelled with its version and state (running or failed)")
                .register(registry);
    }

    private double oldestWaitingAge() {
        if (!inboxKnown) {
            return Double.NaN;
        }
        Instant oldest = oldestWaiting;
        return oldest == null ? 0 : Math.max(0, (clock.millis() - oldest.toEpochMilli()) / 1000.0);
    }

    /** Reads everything once; each part on its own, so one failing read leaves the others fresh. */
    void refresh() {
        part("inbox", this::readInbox);
        part("incidents", this::readIncidents);
        part("backup", this::readBackup);
        part("restore drill", this::readDrill);
        part("Mastodon version", this::readVersions);
        part("rollouts", this::readRollouts);
    }

    private void readInbox() {
        try {
            Map<String, Object> stats = inbox.stats();
            waiting = ((Number) stats.getOrDefault("received", 0L)).doubleValue();
            failedDeliveries = ((Number) stats.getOrDefault("failed", 0L)).doubleValue();
            Object oldest = stats.get("oldestWaitingSince");
            oldestWaiting = oldest == null ? null : Instant.parse(oldest.toString());
            inboxKnown = true;
        } catch (RuntimeException e) {
            waiting = Double.NaN;
            failedDeliveries = Double.NaN;
            inboxKnown = false;
            throw e;
        }
    }

    private void readIncidents() {
        Map<String, Long> open = new LinkedHashMap<>();
        jdbc.queryForList("SELECT DISTINCT KEY_ FROM ACT_RE_PROCDEF", String.class).forEach(k -> open.put(k, 0L));
        jdbc.query("SELECT d.KEY_ AS diagram, COUNT(*) AS n FROM ACT_RU_DEADLETTER_JOB j "
                        + "JOIN ACT_RE_PROCDEF d ON d.ID_ = j.PROC_DEF_ID_ GROUP BY d.KEY_",
                (org.springframework.jdbc.core.RowCallbackHandler) rs -> open.put(rs.getString("diagram"), rs.getLong("n")));
        incidents.register(open.entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("diagram", e.getKey()), e.getValue())).toList(), true);
    }

    private void readBackup() {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT ended_at, objects FROM backup_run WHERE status = 'complete' AND ended_at IS NOT NULL "
                        + "ORDER BY ended_at DESC LIMIT 1");
        if (rows.isEmpty()) {
            backupAt = Double.NaN;
            backupSize = Double.NaN;
            return;
        }
        backupAt = ((Timestamp) rows.get(0).get("ended_at")).getTime() / 1000.0;
        long size = 0;
        for (JsonNode step : JSON.readTree(String.valueOf(rows.get(0).get("objects")))) {
            size += step.path("size").asLong(0);
        }
        backupSize = size;
    }

    private void readDrill() {
        List<HistoricProcessInstance> runs = history.createHistoricProcessInstanceQuery()
                .processDefinitionKey(RESTORE_DRILL).finished().orderByProcessInstanceEndTime().desc()
                .includeProcessVariables().listPage(0, 50);
        Double success = null;
        Boolean latest = null;
        for (HistoricProcessInstance run : runs) {
            JsonNode drill = json(run.getProcessVariables().get("drill"));
            if (drill == null || !drill.path("passed").isBoolean()) {
                continue; // skipped (not configured) or cancelled
            }
            boolean passed = drill.path("passed").asBoolean();
            if (latest == null) {
                latest = passed;
            }
            if (passed) {
                success = run.getEndTime().getTime() / 1000.0;
                break;
            }
        }
        boolean incident = runtime.createProcessInstanceQuery().processDefinitionKey(RESTORE_DRILL).list().stream()
                .anyMatch(run -> management.createDeadLetterJobQuery().processInstanceId(run.getId()).count() > 0);
        drillSuccessAt = success == null ? Double.NaN : success;
        // No drill yet (or only skipped ones): unknown, not "passing".
        drillFailed = incident || Boolean.FALSE.equals(latest) ? 1 : latest == null ? Double.NaN : 0;
    }

    private void readVersions() {
        List<HistoricProcessInstance> watches = history.createHistoricProcessInstanceQuery()
                .processDefinitionKey(RELEASE_WATCH).finished().orderByProcessInstanceEndTime().desc()
                .includeProcessVariables().listPage(0, 1);
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        if (!watches.isEmpty()) {
            Map<String, Object> variables = watches.get(0).getProcessVariables();
            JsonNode instance = json(variables.get("instance"));
            JsonNode releases = json(variables.get("releases"));
            String running = instance == null ? null : text(instance.path("version"));
            String available = releases == null ? null : text(releases.path("target").path("version"));
            if (running != null) {
                rows.add(MultiGauge.Row.of(Tags.of("running", running, "available",
                        available == null ? running : available), 1));
            }
        }
        versions.register(rows, true);
    }

    private void readRollouts() {
        List<MultiGauge.Row<?>> deadlines = new ArrayList<>();
        List<MultiGauge.Row<?>> states = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ProcessInstance run : runtime.createProcessInstanceQuery().processDefinitionKey(UPGRADE_ROLLOUT)
                .includeProcessVariables().list()) {
            JsonNode plan = json(run.getProcessVariables().get("plan"));
            String version = plan == null ? null : text(plan.path("version"));
            if (version == null || !seen.add(version)) {
                continue;
            }
            boolean failed = management.createDeadLetterJobQuery().processInstanceId(run.getId()).count() > 0;
            states.add(MultiGauge.Row.of(Tags.of("version", version, "state", failed ? "failed" : "running"), 1));
            String deadline = text(plan.path("deadline"));
            if (deadline != null) {
                try {
                    deadlines.add(MultiGauge.Row.of(Tags.of("version", version),
                            Instant.parse(deadline).toEpochMilli() / 1000.0));
                } catch (DateTimeParseException e) {
                    // a plan without a readable deadline has no deadline to alert on
                }
            }
        }
        rolloutDeadlines.register(deadlines, true);
        rollouts.register(states, true);
    }

    private static JsonNode json(Object value) {
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof String text && text.startsWith("{")) {
            return JSON.readTree(text);
        }
        return null;
    }

    private static String text(JsonNode node) {
        return node == null || !node.isString() || node.asString().isBlank() ? null : node.asString();
    }

    private static void part(String what, Runnable read) {
        try {
            read.run();
        } catch (RuntimeException e) {
            log.debug("metrics: cannot read the {} now: {}", what, e.toString());
        }
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "metrics-refresh");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(100, settings.refreshInterval().toMillis());
        scheduler.scheduleWithFixedDelay(this::refresh, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    /** After the engine and the diagrams are up. */
    @Override
    public int getPhase() {
        return 200;
    }
}
