package org.fediflow.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The audit trail. {@code audit.record("@alice", "deploy", "process:backup", "deployed version 4")}: who (the
 * person, as the console shows them), the action (a short verb), the target ({@code kind:id}, e.g. {@code run:42},
 * {@code process:backup}, {@code process:backup/dump} for one step) and the result. Entries are never pruned.
 */
@Service
public class Audit {

    private static final Logger log = LoggerFactory.getLogger(Audit.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;

    Audit(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Records one entry in its own transaction. Never throws: the action it describes has already happened, so a
     * database failure here is logged (with the entry) rather than turned into a failure of the action.
     */
    public void record(String who, String action, String target, String result) {
        Instant at = clock.instant();
        try {
            jdbc.update("INSERT INTO audit_event (at, who, action, target, result) VALUES (?, ?, ?, ?, ?)",
                    Timestamp.from(at), cut(who, 200), cut(action, 60), cut(target, 300), cut(result, 500));
        } catch (DataAccessException e) {
            log.error("audit entry not stored ({} {} {} {} {}): {}", at, who, action, target, result,
                    e.getMostSpecificCause().toString());
        }
    }

    /**
     * Newest first. {@code targets}: entries whose target is one of them or lies under one ({@code process:backup}
     * also finds {@code process:backup/dump}); empty = all. {@code before}: only entries older than this id (paging).
     */
    public List<Entry> entries(List<String> targets, String who, String action, Long before, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, at, who, action, target, result FROM audit_event WHERE 1=1");
        List<Object> args = new ArrayList<>();
        if (targets != null && !targets.isEmpty()) {
            sql.append(" AND (");
            for (int i = 0; i < targets.size(); i++) {
                sql.append(i == 0 ? "" : " OR ").append("target = ? OR target LIKE ? ESCAPE '!'");
                args.add(targets.get(i));
                args.add(targets.get(i).replace("!", "!!").replace("%", "!%").replace("_", "!_") + "/%");
            }
            sql.append(')');
        }
        if (who != null) {
            sql.append(" AND who = ?");
            args.add(who);
        }
        if (action != null) {
            sql.append(" AND action = ?");
            args.add(action);
        }
        if (before != null) {
            sql.append(" AND id < ?");
            args.add(before);
        }
        sql.append(" ORDER BY id DESC");
        return jdbc.query(sql + " FETCH FIRST " + Math.max(1, Math.min(limit, 1000)) + " ROWS ONLY",
                (rs, n) -> new Entry(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("who"),
                        rs.getString("action"), rs.getString("target"), rs.getString("result")), args.toArray());
    }

    private static String cut(String text, int max) {
        String value = text == null || text.isBlank() ? "-" : text;
        return value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }

    /** One entry; {@code id} orders them (newest = highest) and pages through them. */
    public record Entry(long id, Instant at, String who, String action, String target, String result) {
    }
}
