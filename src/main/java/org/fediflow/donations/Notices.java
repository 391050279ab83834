package org.fediflow.donations;

import org.fediflow.shared.Json;
import java.math.BigDecimal;
import java.time.ZoneOffset;

import org.fediflow.connector.slack.SlackText;

/**
 * Slack texts for the donations channel. Donor-written parts are escaped so that a message cannot ping the
 * channel or disguise a link; a private donation shows neither name nor message.
 */
final class Notices {

    private static final int MAX_MESSAGE = 500;

    private Notices() {
    }

    static String kofi(LedgerEntry e) {
        String what = switch (e.senderType() == null ? "" : e.senderType()) {
            case "Subscription" -> "Ko-fi membership payment";
            case "Commission" -> "Ko-fi commission";
            case "Shop Order" -> "Ko-fi shop order";
            default -> e.kind() == LedgerEntry.Kind.RECURRING ? "Ko-fi membership payment" : "Ko-fi donation";
        };
        StringBuilder text = new StringBuilder(":tada: New ").append(what).append(": *").append(money(e.amount(), e.currency()))
                .append('*');
        if (e.isPublic() && e.donorName() != null) {
            text.append(" from *").append(SlackText.escape(e.donorName())).append('*');
        } else {
            text.append(" from a private donor");
        }
        if (e.tier() != null) {
            text.append(" (tier ").append(SlackText.escape(e.tier())).append(')');
        }
        if (e.isPublic() && e.message() != null) {
            text.append("\n> ").append(SlackText.escape(SlackText.truncate(e.message(), MAX_MESSAGE)).replace("\n", "\n> "));
        }
        return text.toString();
    }

    static String kofiTest(tools.jackson.databind.JsonNode data) {
        String type = Json.nonBlank(data, "type");
        return ":white_check_mark: Ko-fi test received" + (type == null ? "" : " (" + SlackText.escape(type) + ")")
                + ": the webhook reaches Fediflow; nothing was recorded.";
    }

    static String patreon(LedgerEntry e) {
        String details = details(e.tier(), e.cadenceMonths(), "");
        if (e.status().reversal()) {
            return ":leftwards_arrow_with_hook: Patreon charge of *" + money(e.amount(), e.currency()) + "* on "
                    + e.chargeDate().atOffset(ZoneOffset.UTC).toLocalDate() + " was " + e.status().code.replace('_', ' ')
                    + details + ": not counted as income";
        }
        String upgrade = e.pledgeAmount() != null && e.amount().compareTo(e.pledgeAmount()) < 0
                ? " — an upgrade to " + money(e.pledgeAmount(), e.currency()) + ", the difference charged" : "";
        return ":tada: New Patreon payment: *" + money(e.amount(), e.currency()) + "*" + details + upgrade;
    }

    static String patreonLeft(PatreonSnapshot s, String currency) {
        String amount = s.amountCents() == null ? "" : ", " + money(BigDecimal.valueOf(s.amountCents(), 2), currency);
        return ":wave: A Patreon member ended their pledge" + details(s.tier(), s.cadenceMonths(), amount);
    }

    private static String details(String tier, Integer cadenceMonths, String more) {
        String every = cadenceMonths == null || cadenceMonths == 1 ? "monthly"
                : cadenceMonths == 12 ? "yearly" : "every " + cadenceMonths + " months";
        return " (" + (tier == null ? "" : "tier " + SlackText.escape(tier) + ", ") + every + more + ")";
    }

    static String money(BigDecimal amount, String currency) {
        return amount.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString() + " " + currency;
    }
}
