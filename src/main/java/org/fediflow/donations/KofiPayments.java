package org.fediflow.donations;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fediflow.connector.ConnectorFailure;

import tools.jackson.databind.JsonNode;

/** Ko-fi's {@code data} object (protocols.md §5) as a ledger entry. Ko-fi posts only completed payments. */
final class KofiPayments {

    // "@user@server" written by the donor; the look-behind keeps e-mail addresses (a@b@c) and URLs out.
    private static final Pattern HANDLE = Pattern.compile(
            "(?<![\\w@/.])@([A-Za-z0-9_]{1,30})@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63})\\b");

    private KofiPayments() {
    }

    static LedgerEntry entry(JsonNode data, Instant now) {
        if (data == null || !data.isObject()) {
            throw new ConnectorFailure.BadInput("Ko-fi payload is not a JSON object");
        }
        String messageId = Lenient.text(data, "message_id");
        String transactionId = Lenient.text(data, "kofi_transaction_id");
        if (messageId == null && transactionId == null) {
            throw new ConnectorFailure.BadInput("Ko-fi payload has neither kofi_transaction_id nor message_id");
        }
        BigDecimal amount = amount(Lenient.text(data, "amount"));
        String currency = Lenient.text(data, "currency");
        if (currency == null || !currency.matches("[A-Za-z]{3}")) {
            throw new ConnectorFailure.BadInput("Ko-fi payload has no ISO currency code: " + currency);
        }
        String type = Lenient.text(data, "type");
        boolean recurring = "Subscription".equals(type) || Lenient.flag(data, "is_subscription_payment");
        Instant occurred = Lenient.instant(data, "timestamp");
        String message = Lenient.text(data, "message");
        return new LedgerEntry("kofi", transactionId != null ? transactionId : messageId, messageId, null, null,
                occurred != null ? occurred : now, Lenient.text(data, "from_name"), Lenient.flag(data, "is_public"),
                amount, currency.toUpperCase(Locale.ROOT),
                recurring ? LedgerEntry.Kind.RECURRING : LedgerEntry.Kind.ONE_OFF, recurring ? 1 : null,
                Lenient.text(data, "tier_name"), message, LedgerEntry.Status.PAID, mastodonHandle(message), type);
    }

    static BigDecimal amount(String text) {
        if (text == null) {
            throw new ConnectorFailure.BadInput("Ko-fi payload has no amount");
        }
        try {
            BigDecimal amount = new BigDecimal(text);
            if (amount.signum() < 0) {
                throw new ConnectorFailure.BadInput("Ko-fi amount is negative: " + text);
            }
            return amount.setScale(2, java.math.RoundingMode.HALF_UP);
        } catch (NumberFormatException e) {
            throw new ConnectorFailure.BadInput("Ko-fi amount is not a number: " + text);
        }
    }

    /** The first Mastodon handle in the text, as {@code @user@server}, or null. */
    static String mastodonHandle(String text) {
        if (text == null) {
            return null;
        }
        Matcher matcher = HANDLE.matcher(text);
        return matcher.find() ? "@" + matcher.group(1) + "@" + matcher.group(2).toLowerCase(Locale.ROOT) : null;
    }
}
