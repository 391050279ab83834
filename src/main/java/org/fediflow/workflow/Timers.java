package org.fediflow.workflow;

import org.fediflow.shared.Failures;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.flowable.common.engine.impl.calendar.CronExpression;
import org.flowable.common.engine.impl.calendar.CycleBusinessCalendar;
import org.flowable.common.engine.impl.calendar.DurationHelper;
import org.flowable.common.engine.impl.runtime.ClockReader;

/**
 * Timer cycles people can read, in the operator's time zone ({@code fediflow.time-zone}, or {@code TZ=<zone>} in front
 * of one timer's expression):
 * <ul>
 * <li>the usual five-field cron {@code minute hour day-of-month month day-of-week} ({@code 0 9 * * *}, {@code 30 8 * * MON-FRI},
 * {@code @daily}), read as crontab does (day of week 0 or 7 is Sunday);</li>
 * <li>Quartz cron with seconds, as Flowable has always read it ({@code 0 0 9 ? * MON-FRI});</li>
 * <li>ISO-8601 repeating intervals ({@code R/PT6H}, {@code R3/2026-12-24T18:00/P1D}).</li>
 * </ul>
 * It is the engine's {@code cycle} calendar, so timer start events, boundary and intermediate timers all read their
 * cycle here, on deploy and each time a repeating timer is due again.
 */
public final class Timers {

    public static final String FORMS = "a five-field cron such as '0 9 * * *' (09:00 every day) or '*/15 * * * MON-FRI',"
            + " a Quartz cron such as '0 0 9 ? * MON-FRI', or an ISO-8601 cycle such as 'R/PT6H' (every 6 hours);"
            + " put 'TZ=Europe/Berlin ' in front for a time zone other than the server's";
    private static final Pattern ZONE_PREFIX = Pattern.compile("^(?:CRON_)?TZ=(\\S+)\\s+(.*)$", Pattern.DOTALL);

    private final ZoneId zone;

    public Timers(ZoneId zone) {
        this.zone = zone;
    }

    public ZoneId zone() {
        return zone;
    }

    /** Why the engine could not read this cycle, with what it accepts; null when it can. */
    public String problem(String cycle) {
        try {
            next(cycle, Instant.now());
            return null;
        } catch (IllegalArgumentException e) {
            return "cannot read the timer cycle '" + cycle + "': " + e.getMessage() + ". Write " + FORMS;
        }
    }

    /** The next {@code count} due times after {@code after} (fewer when a repeating interval ends). */
    public List<Instant> upcoming(String cycle, Instant after, int count) {
        List<Instant> due = new ArrayList<>();
        Instant from = after;
        for (int i = 0; i < count; i++) {
            Instant next = next(cycle, from);
            if (next == null || !next.isAfter(from)) {
                break;
            }
            due.add(next);
            from = next;
        }
        return due;
    }

    /**
     * The first due time after {@code after}; null when an ISO cycle has no more.
     *
     * @throws IllegalArgumentException when the cycle is none of the accepted forms
     */
    public Instant next(String cycle, Instant after) {
        if (cycle == null || cycle.isBlank()) {
            throw new IllegalArgumentException("it is empty");
        }
        String text = cycle.trim();
        ZoneId in = zone;
        Matcher prefixed = ZONE_PREFIX.matcher(text);
        if (prefixed.matches()) {
            try {
                in = ZoneId.of(prefixed.group(1));
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("unknown time zone '" + prefixed.group(1) + "' (an IANA id such as Europe/Berlin)");
            }
            text = prefixed.group(2).trim();
            if (text.startsWith("R")) {
                // The engine counts an ISO cycle's repetitions on the text it stores; a prefix would hide them.
                throw new IllegalArgumentException("TZ= is for cron; give an ISO-8601 cycle's start with its offset,"
                        + " e.g. R/2026-12-01T09:00:00+01:00/P1D");
            }
        }
        if (text.startsWith("R")) {
            try {
                Date next = new DurationHelper(text, new FixedClock(after, in)).getDateAfter();
                return next == null ? null : next.toInstant();
            } catch (Exception e) {
                throw new IllegalArgumentException("not an ISO-8601 repeating interval (" + Failures.rootMessage(e) + ")");
            }
        }
        String[] fields = text.split("\\s+");
        if (text.startsWith("@") || fields.length == 5) {
            if (fields.length == 5 && restricted(fields[2]) && restricted(fields[4])) {
                throw new IllegalArgumentException("it gives both a day of month and a day of week; crontab would fire on"
                        + " either, Quartz refuses it: use two timers, or '*' in one of them");
            }
            try {
                var expression = org.springframework.scheduling.support.CronExpression.parse(
                        text.startsWith("@") ? text.toLowerCase(Locale.ROOT) : "0 " + text);
                ZonedDateTime next = expression.next(ZonedDateTime.ofInstant(after, in));
                return next == null ? null : next.toInstant();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a five-field cron (" + Failures.rootMessage(e) + ")");
            }
        }
        if (fields.length == 6 || fields.length == 7) {
            try {
                CronExpression expression = new CronExpression(text, new FixedClock(after, in));
                expression.setTimeZone(TimeZone.getTimeZone(in));
                Date next = expression.getTimeAfter(Date.from(after));
                return next == null ? null : next.toInstant();
            } catch (Exception e) {
                throw new IllegalArgumentException("not a Quartz cron (" + Failures.rootMessage(e) + ")");
            }
        }
        throw new IllegalArgumentException("it has " + fields.length + " fields");
    }

    private static boolean restricted(String field) {
        return !"*".equals(field) && !"?".equals(field);
    }

    /** The engine's {@code cycle} calendar reading every form above. */
    static final class CycleCalendar extends CycleBusinessCalendar {

        private final Timers timers;

        CycleCalendar(ClockReader clock, Timers timers) {
            super(clock);
            this.timers = timers;
        }

        @Override
        public Date resolveDuedate(String cycle, int maxIterations) {
            String text = cycle == null ? null : cycle.trim();
            if (text != null && text.startsWith("R") && maxIterations > 0) {
                // Flowable counts an ISO cycle's remaining repetitions itself.
                return super.resolveDuedate(text, maxIterations);
            }
            try {
                Instant next = timers.next(cycle, clockReader.getCurrentTime().toInstant());
                return next == null ? null : Date.from(next);
            } catch (IllegalArgumentException e) {
                // The message says it all; no cause, so whoever reports the root cause shows this text.
                throw new org.flowable.common.engine.api.FlowableException(timers.problem(cycle));
            }
        }

        @Override
        public Boolean validateDuedate(String cycle, int maxIterations, Date endDate, Date newTimer) {
            Matcher prefixed = ZONE_PREFIX.matcher(cycle == null ? "" : cycle.trim());
            return super.validateDuedate(prefixed.matches() ? prefixed.group(2).trim() : cycle, maxIterations, endDate,
                    newTimer);
        }
    }

    /** A clock standing at one instant in one zone, for Flowable's parsers. */
    private record FixedClock(Instant now, ZoneId zone) implements ClockReader {

        @Override
        public Date getCurrentTime() {
            return Date.from(now);
        }

        @Override
        public Calendar getCurrentCalendar() {
            return getCurrentCalendar(getCurrentTimeZone());
        }

        @Override
        public Calendar getCurrentCalendar(TimeZone timeZone) {
            Calendar calendar = Calendar.getInstance(timeZone);
            calendar.setTime(Date.from(now));
            return calendar;
        }

        @Override
        public TimeZone getCurrentTimeZone() {
            return TimeZone.getTimeZone(zone);
        }
    }
}
