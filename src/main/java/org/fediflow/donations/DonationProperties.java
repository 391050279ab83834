package org.fediflow.donations;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.fediflow.shared.InvalidConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param patreon   {@code fediflow.patreon.*}: only the campaign's currency matters here (the secret is the inbox's)
 * @param donations {@code fediflow.donations.*}
 * @param funding   {@code fediflow.funding.*}
 */
@ConfigurationProperties("fediflow")
record DonationProperties(@DefaultValue Patreon patreon, @DefaultValue Donations donations,
                          @DefaultValue Funding funding) {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    /** @param currency Patreon reports amounts in cents of the campaign's currency, without naming it */
    record Patreon(@DefaultValue("USD") String currency) {
        Patreon {
            currency = currencyCode("fediflow.patreon.currency", currency == null ? "USD" : currency);
        }
    }

    /**
     * @param thankOnMastodon send a direct message to donors who named their Mastodon handle
     * @param thankYouText    the message after the mention; {@code {amount}} is replaced by the amount
     */
    record Donations(@DefaultValue("false") boolean thankOnMastodon,
                     @DefaultValue("Thank you for supporting this server! Your donation keeps it running.")
                     String thankYouText) {
    }

    /**
     * @param expenses monthly and yearly costs per currency
     * @param currency the currency totals are shown in when {@code rates} are set
     * @param rates    value of one unit of each currency in {@code currency}; without rates nothing is converted
     * @param zone     where "this month" and "this year" begin
     */
    record Funding(@DefaultValue Expenses expenses, String currency, Map<String, BigDecimal> rates,
                   @DefaultValue("UTC") String zone) {
        Funding {
            expenses = expenses == null ? new Expenses(null, null) : expenses;
            rates = amounts("fediflow.funding.rates", rates);
            currency = currency == null || currency.isBlank() ? null : currencyCode("fediflow.funding.currency", currency);
            if (!rates.isEmpty() && currency == null) {
                throw new InvalidConfiguration("fediflow.funding.currency",
                        "required when fediflow.funding.rates are set (the currency the rates convert into)");
            }
            try {
                ZoneId.of(zone == null ? "UTC" : zone);
            } catch (DateTimeException e) {
                throw new InvalidConfiguration("fediflow.funding.zone", "not a time zone: " + zone);
            }
        }

        ZoneId zoneId() {
            return ZoneId.of(zone == null ? "UTC" : zone);
        }
    }

    /** Amounts per currency, e.g. {@code fediflow.funding.expenses.monthly.EUR=120}. */
    record Expenses(Map<String, BigDecimal> monthly, Map<String, BigDecimal> yearly) {
        Expenses {
            monthly = amounts("fediflow.funding.expenses.monthly", monthly);
            yearly = amounts("fediflow.funding.expenses.yearly", yearly);
        }
    }

    static String currencyCode(String property, String value) {
        String code = value.trim().toUpperCase(Locale.ROOT);
        if (!CURRENCY.matcher(code).matches()) {
            throw new InvalidConfiguration(property, "not an ISO 4217 currency code: " + value);
        }
        return code;
    }

    // Environment variables arrive with lower-case keys (FEDIFLOW_FUNDING_EXPENSES_MONTHLY_EUR -> eur).
    private static Map<String, BigDecimal> amounts(String property, Map<String, BigDecimal> raw) {
        Map<String, BigDecimal> amounts = new TreeMap<>();
        if (raw != null) {
            raw.forEach((code, amount) -> {
                if (amount == null || amount.signum() < 0) {
                    throw new InvalidConfiguration(property + "." + code, "must be a positive amount");
                }
                amounts.put(currencyCode(property + "." + code, code), amount);
            });
        }
        return java.util.Collections.unmodifiableMap(amounts);
    }
}
