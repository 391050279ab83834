package org.fediflow.donations;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.stereotype.Service;

/**
 * Where the money stands, computed from the ledger on each call (a server's ledger is small; one indexed query
 * over the last twelve months). Amounts stay per currency; a total appears only when the operator configured
 * exchange rates, and only over the currencies that have one.
 */
@Service
class FundingSummary {

    // A monthly Ko-fi membership counts as active until a month and a few days of grace have passed.
    static final Duration KOFI_MEMBERSHIP_GRACE = Duration.ofDays(35);
    private static final BigDecimal TWELVE = BigDecimal.valueOf(12);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /**
     * @param expensesPerMonth monthly expenses plus a twelfth of the yearly ones
     * @param coveragePercent  recurring monthly income over expenses per month; null without expenses
     */
    record Figures(BigDecimal incomeThisMonth, BigDecimal incomeThisYear, BigDecimal recurringMonthly,
                   BigDecimal expensesMonthly, BigDecimal expensesYearly, BigDecimal expensesPerMonth,
                   Integer coveragePercent) {
    }

    /** @param currency the rates' target currency; {@code notConverted} lists currencies without a rate */
    record Total(String currency, Figures figures, List<String> notConverted) {
    }

    record Month(String month, Map<String, BigDecimal> income, Map<String, BigDecimal> expenses) {
    }

    /**
     * @param currencies   figures per currency, never mixed
     * @param total        all currencies in one, only with configured rates; else null
     * @param activeMembers active Patreon patrons plus Ko-fi members paid within the last 35 days
     * @param oneOffDonors distinct donors of one-off payments this year (anonymous ones each count once)
     * @param months       the last twelve months, oldest first, income and expenses per currency
     */
    record Summary(Instant asOf, String zone, Map<String, Figures> currencies, Total total, int activeMembers,
                   int oneOffDonors, List<Month> months) {
    }

    private final Ledger ledger;
    private final DonationProperties properties;
    private final Clock clock;

    FundingSummary(Ledger ledger, DonationProperties properties, Clock clock) {
        this.ledger = ledger;
        this.properties = properties;
        this.clock = clock;
    }

    Summary now() {
        return at(clock.instant());
    }

    Summary at(Instant now) {
        DonationProperties.Funding funding = properties.funding();
        ZoneId zone = funding.zoneId();
        YearMonth thisMonth = YearMonth.from(now.atZone(zone));
        YearMonth firstMonth = thisMonth.minusMonths(11);
        Instant monthStart = thisMonth.atDay(1).atStartOfDay(zone).toInstant();
        Instant yearStart = thisMonth.withMonth(1).atDay(1).atStartOfDay(zone).toInstant();
        Instant chartStart = firstMonth.atDay(1).atStartOfDay(zone).toInstant();
        Instant graceStart = now.minus(KOFI_MEMBERSHIP_GRACE);
        Instant since = min(min(yearStart, chartStart), graceStart);

        Map<String, BigDecimal> month = new TreeMap<>();
        Map<String, BigDecimal> year = new TreeMap<>();
        Map<String, BigDecimal> recurring = new TreeMap<>();
        Map<YearMonth, Map<String, BigDecimal>> perMonth = new HashMap<>();
        Set<String> oneOffDonors = new HashSet<>();
        Map<String, Ledger.Payment> kofiMembers = new HashMap<>();
        for (Ledger.Payment p : ledger.paidSince(since)) {
            if (p.occurredAt().isAfter(now)) {
                continue;
            }
            if (!p.occurredAt().isBefore(monthStart)) {
                month.merge(p.currency(), p.amount(), BigDecimal::add);
            }
            if (!p.occurredAt().isBefore(yearStart)) {
                year.merge(p.currency(), p.amount(), BigDecimal::add);
                if ("one-off".equals(p.kind())) {
                    oneOffDonors.add(p.donorKey());
                }
            }
            if (!p.occurredAt().isBefore(chartStart)) {
                perMonth.computeIfAbsent(YearMonth.from(p.occurredAt().atZone(zone)), m -> new TreeMap<>())
                        .merge(p.currency(), p.amount(), BigDecimal::add);
            }
            if ("kofi".equals(p.source()) && "recurring".equals(p.kind()) && !p.occurredAt().isBefore(graceStart)) {
                kofiMembers.merge(p.donorKey(), p, (a, b) -> a.occurredAt().isAfter(b.occurredAt()) ? a : b);
            }
        }
        kofiMembers.values().forEach(p -> recurring.merge(p.currency(), p.amount(), BigDecimal::add));
        List<Ledger.Pledge> pledges = ledger.activePledges();
        for (Ledger.Pledge pledge : pledges) {
            recurring.merge(pledge.currency(), BigDecimal.valueOf(pledge.amountCents(), 2)
                    .divide(BigDecimal.valueOf(pledge.cadenceMonths()), 2, RoundingMode.HALF_UP), BigDecimal::add);
        }

        DonationProperties.Expenses expenses = funding.expenses();
        Set<String> codes = new TreeSet<>();
        codes.addAll(year.keySet());
        codes.addAll(recurring.keySet());
        perMonth.values().forEach(m -> codes.addAll(m.keySet()));
        codes.addAll(expenses.monthly().keySet());
        codes.addAll(expenses.yearly().keySet());
        Map<String, Figures> figures = new LinkedHashMap<>();
        for (String code : codes) {
            figures.put(code, figures(month.get(code), year.get(code), recurring.get(code),
                    expenses.monthly().get(code), expenses.yearly().get(code)));
        }

        Map<String, BigDecimal> expensesPerMonth = new TreeMap<>();
        figures.forEach((code, f) -> {
            if (f.expensesPerMonth().signum() > 0) {
                expensesPerMonth.put(code, f.expensesPerMonth());
            }
        });
        List<Month> months = new ArrayList<>();
        for (YearMonth m = firstMonth; !m.isAfter(thisMonth); m = m.plusMonths(1)) {
            months.add(new Month(m.toString(), perMonth.getOrDefault(m, Map.of()), expensesPerMonth));
        }
        return new Summary(now, zone.getId(), figures, total(figures, funding), pledges.size() + kofiMembers.size(),
                oneOffDonors.size(), months);
    }

    private static Figures figures(BigDecimal month, BigDecimal year, BigDecimal recurring, BigDecimal monthly,
                                   BigDecimal yearly) {
        BigDecimal perMonth = money(monthly).add(money(yearly).divide(TWELVE, 2, RoundingMode.HALF_UP));
        return new Figures(money(month), money(year), money(recurring), money(monthly), money(yearly), perMonth,
                coverage(money(recurring), perMonth));
    }

    private static Total total(Map<String, Figures> figures, DonationProperties.Funding funding) {
        if (funding.rates().isEmpty()) {
            return null;
        }
        String target = funding.currency();
        List<String> notConverted = new ArrayList<>();
        BigDecimal[] sums = new BigDecimal[6];
        java.util.Arrays.fill(sums, BigDecimal.ZERO);
        figures.forEach((code, f) -> {
            BigDecimal rate = code.equals(target) ? BigDecimal.ONE : funding.rates().get(code);
            if (rate == null) {
                notConverted.add(code);
                return;
            }
            BigDecimal[] values = {f.incomeThisMonth(), f.incomeThisYear(), f.recurringMonthly(), f.expensesMonthly(),
                    f.expensesYearly(), f.expensesPerMonth()};
            for (int i = 0; i < values.length; i++) {
                sums[i] = sums[i].add(values[i].multiply(rate));
            }
        });
        for (int i = 0; i < sums.length; i++) {
            sums[i] = sums[i].setScale(2, RoundingMode.HALF_UP);
        }
        return new Total(target, new Figures(sums[0], sums[1], sums[2], sums[3], sums[4], sums[5],
                coverage(sums[2], sums[5])), List.copyOf(notConverted));
    }

    static Integer coverage(BigDecimal income, BigDecimal expenses) {
        if (expenses.signum() <= 0) {
            return null;
        }
        return income.multiply(HUNDRED).divide(expenses, 0, RoundingMode.HALF_UP).intValueExact();
    }

    private static BigDecimal money(BigDecimal amount) {
        return amount == null ? BigDecimal.ZERO.setScale(2) : amount.setScale(2, RoundingMode.HALF_UP);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
