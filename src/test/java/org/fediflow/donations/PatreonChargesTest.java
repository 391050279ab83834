package org.fediflow.donations;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** What each Patreon charge took, from the pledges of the member's charges (docs/donations.md). */
class PatreonChargesTest {

    static PatreonCharges.Charge charge(long id, String at, Integer cadence, String pledge, LedgerEntry.Status status) {
        return new PatreonCharges.Charge(id, Instant.parse(at), cadence, new BigDecimal(pledge), status);
    }

    @Test
    void anAnnualUpgradeIsChargedTheDifferenceUntilTheYearIsOver() {
        Map<Long, BigDecimal> charged = PatreonCharges.charged(List.of(
                charge(1, "2026-01-15T18:00:00Z", 12, "120.00", LedgerEntry.Status.PAID),
                charge(2, "2026-06-10T18:00:00Z", 12, "180.00", LedgerEntry.Status.PAID),
                charge(3, "2027-01-15T18:00:00Z", 12, "180.00", LedgerEntry.Status.PAID)));
        assertThat(charged.get(1L)).isEqualByComparingTo("120.00");
        assertThat(charged.get(2L)).isEqualByComparingTo("60.00");
        assertThat(charged.get(3L)).isEqualByComparingTo("180.00");
    }

    @Test
    void aDeclinedChargeTakesNothingSoTheRetryThatMonthIsTheWholePledge() {
        Map<Long, BigDecimal> charged = PatreonCharges.charged(List.of(
                charge(1, "2026-11-01T09:00:00Z", 1, "10.00", LedgerEntry.Status.DECLINED),
                charge(2, "2026-11-04T09:00:00Z", 1, "10.00", LedgerEntry.Status.PAID),
                charge(3, "2026-11-20T09:00:00Z", 1, "15.00", LedgerEntry.Status.REFUNDED),
                charge(4, "2026-11-25T09:00:00Z", 1, "20.00", LedgerEntry.Status.PAID)));
        assertThat(charged.get(2L)).isEqualByComparingTo("10.00");
        assertThat(charged.get(3L)).as("taken, though refunded later").isEqualByComparingTo("5.00");
        assertThat(charged.get(4L)).isEqualByComparingTo("5.00");
    }

    @Test
    void theAmountsDependOnTheChargesNotOnTheirOrder() {
        List<PatreonCharges.Charge> charges = new ArrayList<>(List.of(
                charge(7, "2026-10-01T08:00:00Z", 1, "5.00", LedgerEntry.Status.PAID),
                charge(3, "2026-10-12T08:00:00Z", 1, "8.00", LedgerEntry.Status.PAID),
                charge(9, "2026-11-01T06:59:59Z", 1, "12.00", LedgerEntry.Status.PAID), // 31 October in Pacific Time
                charge(4, "2026-11-01T08:00:00Z", 1, "12.00", LedgerEntry.Status.PAID)));
        Map<Long, BigDecimal> expected = Map.of(7L, new BigDecimal("5.00"), 3L, new BigDecimal("3.00"),
                9L, new BigDecimal("4.00"), 4L, new BigDecimal("12.00"));
        for (int round = 0; round < 10; round++) {
            Collections.shuffle(charges);
            Map<Long, BigDecimal> charged = PatreonCharges.charged(charges);
            expected.forEach((id, amount) -> assertThat(charged.get(id)).as("charge %d", id).isEqualByComparingTo(amount));
        }
    }
}
