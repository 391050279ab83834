package org.fediflow.donations;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.samskivert.mustache.Template;
import org.fediflow.shared.Templates;

/**
 * The funding summary as one small HTML page with inline CSS and an inline SVG chart per currency: no scripts,
 * no fonts, no outside requests, so it loads fast and can be embedded in an iframe. The page is the Mustache template
 * {@code templates/funding.mustache}, which escapes every value; this class works out the figures and the chart's
 * geometry.
 */
final class FundingPage {

    private static final int WIDTH = 360;
    private static final int HEIGHT = 120;
    private static final Template TEMPLATE = Templates.load("funding");

    private FundingPage() {
    }

    static String render(FundingSummary.Summary s) {
        List<Section> sections = new ArrayList<>();
        if (s.total() != null) {
            String notConverted = s.total().notConverted().isEmpty() ? null : String.join(", ", s.total().notConverted());
            sections.add(section("All currencies in " + s.total().currency(), s.total().currency(), s.total().figures(),
                    notConverted, null));
        }
        s.currencies().forEach((code, figures) -> sections.add(section(code, code, figures, null, chart(code, s.months()))));
        Map<String, Object> page = new HashMap<>();
        page.put("activeMembers", s.activeMembers());
        page.put("oneOffDonors", s.oneOffDonors());
        page.put("empty", s.currencies().isEmpty());
        page.put("sections", sections);
        page.put("asOf", s.asOf().toString());
        page.put("zone", s.zone());
        return TEMPLATE.execute(page);
    }

    private static Section section(String title, String code, FundingSummary.Figures f, String notConverted, Chart chart) {
        List<Row> rows = List.of(new Row("Income this month", Notices.money(f.incomeThisMonth(), code)),
                new Row("Income this year", Notices.money(f.incomeThisYear(), code)),
                new Row("Recurring monthly income", Notices.money(f.recurringMonthly(), code)),
                new Row("Expenses per month", Notices.money(f.expensesPerMonth(), code)));
        return new Section(title, rows, f.coveragePercent() == null ? "–" : f.coveragePercent() + " %", notConverted, chart);
    }

    /** Bars for each month's income, a red line for the month's expenses, on one scale. */
    static Chart chart(String code, List<FundingSummary.Month> months) {
        BigDecimal max = BigDecimal.ONE;
        for (FundingSummary.Month m : months) {
            max = max.max(value(m.income(), code)).max(value(m.expenses(), code));
        }
        int slot = WIDTH / Math.max(1, months.size());
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < months.size(); i++) {
            FundingSummary.Month m = months.get(i);
            int income = scale(value(m.income(), code), max);
            int cost = scale(value(m.expenses(), code), max);
            int x = i * slot;
            bars.add(new Bar(x + 2, HEIGHT - income, slot - 4, income, m.month(),
                    Notices.money(value(m.income(), code), code),
                    cost > 0 ? new Cost(x, x + slot, HEIGHT - cost) : null, x + slot / 2, HEIGHT + 12, m.month().substring(5)));
        }
        return new Chart(code, WIDTH, HEIGHT + 16, bars);
    }

    record Section(String title, List<Row> rows, String coverage, String notConverted, Chart chart) {
    }

    record Row(String label, String amount) {
    }

    record Chart(String code, int width, int height, List<Bar> months) {
    }

    record Bar(int barX, int barY, int barWidth, int barHeight, String month, String income, Cost cost, int labelX,
               int labelY, String label) {
    }

    record Cost(int x1, int x2, int y) {
    }

    private static BigDecimal value(Map<String, BigDecimal> amounts, String code) {
        BigDecimal amount = amounts.get(code);
        return amount == null ? BigDecimal.ZERO : amount;
    }

    private static int scale(BigDecimal amount, BigDecimal max) {
        return amount.multiply(BigDecimal.valueOf(HEIGHT - 4)).divide(max, 0, RoundingMode.HALF_UP).intValue();
    }
}
