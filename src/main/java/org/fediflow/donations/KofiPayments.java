package org.fediflow.donations;

import org.fediflow.shared.Json;
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

    /**
     * The transaction id of every delivery of Ko-fi's "Send test" button (its documented example payment); no real
     * payment has it.
     */
    static final String TEST_TRANSACTION_ID = "00000000-1111-2222-3333-444444444444";

    // Ko-fi writes amounts as en-US decimals: "3.00", "1,250.00", "1000" (zero-decimal currencies such as JPY).
    private static final Pattern AMOUNT = Pattern.compile("\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?");

    private KofiPayments() {
    }

    /** A delivery of Ko-fi's "Send test" button, whatever its type. */
    static boolean isTest(JsonNode data) {
        return TEST_TRANSACTION_ID.equalsIgnoreCase(String.valueOf(Json.nonBlank(data, "kofi_transaction_id")));
    }

    static LedgerEntry entry(JsonNode data, Instant now) {
        if (data == null || !data.isObject()) {
            throw new ConnectorFailure.BadInput("Ko-fi payload is not a JSON object");
        }
        String messageId = Json.nonBlank(data, "message_id");
        String transactionId = Json.nonBlank(data, "kofi_transaction_id");
        if (messageId == null && transactionId == null) {
            throw new ConnectorFailure.BadInput("Ko-fi payload has neither kofi_transaction_id nor message_id");
        }
        String type = Json.nonBlank(data, "type");
        BigDecimal amount;
        try {
            amount = amount(Json.nonBlank(data, "amount"));
        } catch (ConnectorFailure.BadInput unreadable) {
            throw new ConnectorFailure.BadInput(delivery(messageId, transactionId, type) + ": "
                    + unreadable.getMessage() + "; nothing was recorded");
        }
        String currency = Json.nonBlank(data, "currency");
        if (currency == null || !currency.matches("[A-Za-z]{3}")) {
            throw new ConnectorFailure.BadInput(delivery(messageId, transactionId, type)
                    + ": no ISO currency code (" + currency + "); nothing was recorded");
        }
        boolean recurring = "Subscription".equals(type) || Json.flag(data, "is_subscription_payment");
        Instant occurred = Json.instant(data, "timestamp");
        String message = Json.nonBlank(data, "message");
        return new LedgerEntry("kofi", transactionId != null ? transactionId : messageId, messageId, null, null,
                occurred != null ? occurred : now, Json.nonBlank(data, "from_name"), Json.flag(data, "is_public"),
                amount, currency.toUpperCase(Locale.ROOT),
                recurring ? LedgerEntry.Kind.RECURRING : LedgerEntry.Kind.ONE_OFF, recurring ? 1 : null,
                Json.nonBlank(data, "tier_name"), message, LedgerEntry.Status.PAID, mastodonHandle(message), type, null);
    }

    /** Ko-fi's {@code amount} text as a decimal with two places; refuses anything Ko-fi does not write. */
    static BigDecimal amount(String text) {
        if (text == null) {
            throw new ConnectorFailure.BadInput("no amount");
        }
        if (!AMOUNT.matcher(text).matches()) {
            throw new ConnectorFailure.BadInput("the amount \"" + (text.length() > 40 ? text.substring(0, 40) + "…" : text)
                    + "\" is not a number as Ko-fi writes them (e.g. 3.00 or 1,250.00)");
        }
        return new BigDecimal(text.replace(",", "")).setScale(2, java.math.RoundingMode.HALF_UP);
    }

    /** Names a delivery the way the operator finds it in Ko-fi and in Fediflow's deliveries. */
    private static String delivery(String messageId, String transactionId, String type) {
        return "Ko-fi " + (type == null ? "delivery" : type) + " message_id " + messageId
                + (transactionId == null ? "" : " (kofi_transaction_id " + transactionId + ")");
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
