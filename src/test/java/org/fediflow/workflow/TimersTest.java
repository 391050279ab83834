package org.fediflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

/** The timer cycles the engine reads: five-field cron, Quartz cron and ISO-8601, in the configured zone. */
class TimersTest {

    final Timers berlin = new Timers(ZoneId.of("Europe/Berlin"));
    final Instant tuesdayMorning = Instant.parse("2026-12-01T07:30:00Z"); // 08:30 in Berlin

    @Test
    void fiveFieldCronIsReadInTheConfiguredZone() {
        assertThat(berlin.next("0 9 * * *", tuesdayMorning)).isEqualTo(Instant.parse("2026-12-01T08:00:00Z"));
        assertThat(new Timers(ZoneId.of("UTC")).next("0 9 * * *", tuesdayMorning))
                .isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
    }

    @Test
    void aTimerMayNameItsOwnZone() {
        assertThat(berlin.next("TZ=America/New_York 0 9 * * *", tuesdayMorning))
                .isEqualTo(Instant.parse("2026-12-01T14:00:00Z"));
        assertThat(berlin.next("TZ=UTC 0 0 9 ? * MON-FRI", tuesdayMorning))
                .isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
    }

    @Test
    void fiveFieldCronKeepsCrontabDaysOfWeekAndMacros() {
        // 0 and 7 are Sunday, as in crontab (Quartz would read 1 as Sunday).
        assertThat(berlin.next("0 9 * * 0", tuesdayMorning)).isEqualTo(Instant.parse("2026-12-06T08:00:00Z"));
        assertThat(berlin.next("0 9 * * 7", tuesdayMorning)).isEqualTo(Instant.parse("2026-12-06T08:00:00Z"));
        assertThat(berlin.next("30 8 * * MON-FRI", tuesdayMorning)).isEqualTo(Instant.parse("2026-12-02T07:30:00Z"));
        assertThat(berlin.next("*/15 * * * *", tuesdayMorning)).isEqualTo(Instant.parse("2026-12-01T07:45:00Z"));
        assertThat(berlin.next("@daily", tuesdayMorning)).isEqualTo(Instant.parse("2026-12-01T23:00:00Z"));
    }

    @Test
    void quartzCronIsReadAsFlowableAlwaysDid() {
        // Quartz: 2 is Monday.
        assertThat(berlin.next("0 0 9 ? * 2", tuesdayMorning)).isEqualTo(Instant.parse("2026-12-07T08:00:00Z"));
        assertThat(berlin.next("0 0/30 * * * ?", tuesdayMorning)).isEqualTo(Instant.parse("2026-12-01T08:00:00Z"));
    }

    @Test
    void isoCyclesRepeatFromNow() {
        assertThat(berlin.next("R/PT6H", tuesdayMorning)).isEqualTo(tuesdayMorning.plus(Duration.ofHours(6)));
    }

    @Test
    void summerTimeMovesTheUtcFiringNotTheLocalOne() {
        assertThat(berlin.upcoming("0 9 * * *", Instant.parse("2027-03-27T00:00:00Z"), 2)).containsExactly(
                Instant.parse("2027-03-27T08:00:00Z"), Instant.parse("2027-03-28T07:00:00Z"));
    }

    @Test
    void anUnreadableCycleSaysWhyAndShowsEachAcceptedForm() {
        for (String bad : new String[] {"0 9 * *", "every day", "61 9 * * *", "0 9 1 * MON", "TZ=Mars/Olympus 0 9 * * *",
                "R/PTXH"}) {
            assertThat(berlin.problem(bad)).as(bad).contains("'" + bad + "'").contains("'0 9 * * *'")
                    .contains("'0 0 9 ? * MON-FRI'").contains("'R/PT6H'");
        }
        assertThat(berlin.problem("0 9 1 * MON")).contains("both a day of month and a day of week");
        assertThat(berlin.problem("TZ=Mars/Olympus 0 9 * * *")).contains("unknown time zone 'Mars/Olympus'");
        assertThat(berlin.problem("TZ=UTC R3/PT1H")).contains("TZ= is for cron");
        assertThat(berlin.problem("0 9 * * *")).isNull();
    }
}
