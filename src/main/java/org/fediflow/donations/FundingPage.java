package org.fediflow.donations;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * The funding summary as one small HTML page with inline CSS and an inline SVG chart per currency: no scripts,
 * no fonts, no outside requests, so it loads fast and can be embedded in an iframe.
 */
final class FundingPage {

    private static final int WIDTH = 360;
    private static final int HEIGHT = 120;

    private FundingPage() {
    }

    static String render(FundingSummary.Summary s) {
        StringBuilder html = new StringBuilder(4096);
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Funding</title><style>")
                .append("body{font-family:system-ui,sans-serif;max-width:44rem;margin:1rem auto;padding:0 1rem;color:#222}")
                .append("table{border-collapse:collapse;margin:.5rem 0}td,th{padding:.2rem .8rem;text-align:right}")
                .append("th:first-child,td:first-child{text-align:left}.bar{fill:#6364ff}.cost{stroke:#d33;stroke-width:2}")
                .append("small{color:#666}</style></head><body><h1>Funding</h1>");
        html.append("<p>").append(s.activeMembers()).append(" active members, ").append(s.oneOffDonors())
                .append(" one-off donors this year.</p>");
        if (s.currencies().isEmpty()) {
            html.append("<p>No donations recorded yet.</p>");
        }
        if (s.total() != null) {
            section(html, "All currencies in " + s.total().currency(), s.total().currency(), s.total().figures());
            if (!s.total().notConverted().isEmpty()) {
                html.append("<p><small>Not included (no exchange rate): ")
                        .append(escape(String.join(", ", s.total().notConverted()))).append("</small></p>");
            }
        }
        s.currencies().forEach((code, figures) -> {
            section(html, code, code, figures);
            html.append(chart(code, s.months()));
        });
        html.append("<p><small>As of ").append(escape(s.asOf().toString())).append(" (months in ")
                .append(escape(s.zone())).append("). <a href=\"/api/funding\">JSON</a></small></p></body></html>");
        return html.toString();
    }

    private static void section(StringBuilder html, String title, String code, FundingSummary.Figures f) {
        html.append("<h2>").append(escape(title)).append("</h2><table>");
        row(html, "Income this month", f.incomeThisMonth(), code);
        row(html, "Income this year", f.incomeThisYear(), code);
        row(html, "Recurring monthly income", f.recurringMonthly(), code);
        row(html, "Expenses per month", f.expensesPerMonth(), code);
        html.append("<tr><th>Coverage</th><td>")
                .append(f.coveragePercent() == null ? "–" : f.coveragePercent() + " %").append("</td></tr></table>");
    }

    private static void row(StringBuilder html, String label, BigDecimal amount, String code) {
        html.append("<tr><th>").append(label).append("</th><td>").append(escape(Notices.money(amount, code)))
                .append("</td></tr>");
    }

    /** Bars for each month's income, a red line for the month's expenses, on one scale. */
    static String chart(String code, List<FundingSummary.Month> months) {
        BigDecimal max = BigDecimal.ONE;
        for (FundingSummary.Month m : months) {
            max = max.max(value(m.income(), code)).max(value(m.expenses(), code));
        }
        int slot = WIDTH / Math.max(1, months.size());
        StringBuilder svg = new StringBuilder("<svg role=\"img\" width=\"")
                .append(WIDTH).append("\" height=\"").append(HEIGHT + 16).append("\" viewBox=\"0 0 ").append(WIDTH)
                .append(' ').append(HEIGHT + 16).append("\"><title>Income and expenses in ").append(escape(code))
                .append(", last 12 months</title>");
        for (int i = 0; i < months.size(); i++) {
            FundingSummary.Month m = months.get(i);
            int income = scale(value(m.income(), code), max);
            int cost = scale(value(m.expenses(), code), max);
            int x = i * slot;
            svg.append("<rect class=\"bar\" x=\"").append(x + 2).append("\" y=\"").append(HEIGHT - income)
                    .append("\" width=\"").append(slot - 4).append("\" height=\"").append(income).append("\"><title>")
                    .append(escape(m.month())).append(": ").append(escape(Notices.money(value(m.income(), code), code)))
                    .append("</title></rect>");
            if (cost > 0) {
                svg.append("<line class=\"cost\" x1=\"").append(x).append("\" x2=\"").append(x + slot).append("\" y1=\"")
                        .append(HEIGHT - cost).append("\" y2=\"").append(HEIGHT - cost).append("\"/>");
            }
            svg.append("<text x=\"").append(x + slot / 2).append("\" y=\"").append(HEIGHT + 12)
                    .append("\" font-size=\"9\" text-anchor=\"middle\">").append(escape(m.month().substring(5)))
                    .append("</text>");
        }
        return svg.append("</svg>").toString();
    }

    private static BigDecimal value(Map<String, BigDecimal> amounts, String code) {
        BigDecimal amount = amounts.get(code);
        return amount == null ? BigDecimal.ZERO : amount;
    }

    private static int scale(BigDecimal amount, BigDecimal max) {
        return amount.multiply(BigDecimal.valueOf(HEIGHT - 4)).divide(max, 0, RoundingMode.HALF_UP).intValue();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
