package org.fediflow.connector.data;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Dates for expressions, as {@code ${dates.yesterday()}}: a daily report asks Mastodon for yesterday's figures, and
 * the expression language has no date functions of its own. Dates are ISO-8601 ({@code 2026-11-30}) in
 * {@code fediflow.time-zone}, the zone timers are read in (default the server's), so a 09:00 timer asks for the day
 * that ended in the same zone.
 */
@Component("dates")
public class Dates {

    private final Clock clock;

    public Dates(Clock clock) {
        this.clock = clock;
    }

    @Autowired
    Dates(Clock clock, Environment environment) {
        // Read here rather than from the workflow's settings: connectors do not depend on the engine's module.
        this(timeZone(environment.getProperty("fediflow.time-zone")).map(clock::withZone).orElse(clock));
    }

    private static java.util.Optional<ZoneId> timeZone(String id) {
        return id == null || id.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(ZoneId.of(id.trim()));
    }

    public String today() {
        return LocalDate.now(clock).toString();
    }

    public String yesterday() {
        return daysAgo(1);
    }

    public String daysAgo(int days) {
        return LocalDate.now(clock).minusDays(days).toString();
    }

    /** The current instant, e.g. {@code 2026-12-01T09:00:00Z}. */
    public String now() {
        return DateTimeFormatter.ISO_INSTANT.format(clock.instant());
    }
}
