package org.fediflow.donations;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each Patreon charge of one member took. Patreon's member snapshots carry the pledge
 * ({@code currently_entitled_amount_cents}), never the sum charged. On a charge-upfront campaign (Patreon's billing
 * for new creators) an upgrade is charged at once, and only the difference between the new pledge and what the
 * billing month already charged; the month's first charge takes the whole pledge (Patreon Help Center, "Charge
 * upfront billing explained"). Patreon bills in Pacific Time, so its months are Pacific-Time months. A pledge of
 * several months (annual) is one period from its first charge. docs/donations.md says where this cannot be known.
 *
 * <p>The result depends only on the set of charges, never on the order their snapshots arrived in.
 */
final class PatreonCharges {

    /** Patreon processes payments in Pacific Time. */
    static final ZoneId PATREON_TIME = ZoneId.of("America/Los_Angeles");

    /** One charge of the member as the ledger holds it; {@code pledge} is what the member pledged at the charge. */
    record Charge(long id, Instant chargeDate, Integer cadenceMonths, BigDecimal pledge, LedgerEntry.Status status) {
    }

    private PatreonCharges() {
    }

    /** @return the amount each charge took, by entry id */
    static Map<Long, BigDecimal> charged(List<Charge> charges) {
        List<Charge> inOrder = charges.stream()
                .sorted(Comparator.comparing(Charge::chargeDate).thenComparingLong(Charge::id)).toList();
        Map<Long, BigDecimal> amounts = new LinkedHashMap<>();
        ZonedDateTime periodStart = null;
        int periodMonths = 1;
        BigDecimal taken = BigDecimal.ZERO;
        for (Charge charge : inOrder) {
            ZonedDateTime at = charge.chargeDate().atZone(PATREON_TIME);
            if (periodStart == null || !samePeriod(periodStart, periodMonths, at)) {
                periodStart = at;
                periodMonths = charge.cadenceMonths() == null ? 1 : Math.max(1, charge.cadenceMonths());
                taken = BigDecimal.ZERO;
            }
            BigDecimal amount = charge.pledge().subtract(taken).max(BigDecimal.ZERO);
            amounts.put(charge.id(), amount);
            if (charge.status().charged()) {
                taken = taken.add(amount);
            }
        }
        return amounts;
    }

    private static boolean samePeriod(ZonedDateTime start, int months, ZonedDateTime at) {
        return months == 1 ? YearMonth.from(start).equals(YearMonth.from(at)) : at.isBefore(start.plusMonths(months));
    }
}
