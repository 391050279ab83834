package org.fediflow.donations;

import org.fediflow.shared.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

import org.fediflow.connector.ConnectorFailure;

import tools.jackson.databind.JsonNode;

/**
 * A Patreon member document (protocols.md §4) read as a snapshot of the member's state. Patreon sends no
 * event time and may redeliver a paused backlog in any order, so snapshots are ordered by what they say:
 * {@link #version()}.
 *
 * @param patronStatus    {@code active_patron}, {@code declined_patron}, {@code former_patron} or null
 * @param chargeStatus    the ledger status of {@code last_charge_status}; null when the member was never charged
 * @param amountCents     {@code currently_entitled_amount_cents}, else {@code will_pay_amount_cents}
 */
record PatreonSnapshot(String memberId, String trigger, String patronStatus, Instant chargeDate,
                       LedgerEntry.Status chargeStatus, Long amountCents, Integer cadenceMonths,
                       Instant pledgeStart, String fullName, String tier, String digest) {

    static PatreonSnapshot of(JsonNode document, String trigger) {
        JsonNode data = Json.object(document, "data");
        String memberId = Json.nonBlank(data, "id");
        if (memberId == null) {
            throw new ConnectorFailure.BadInput("Patreon payload has no data.id");
        }
        JsonNode attributes = Json.object(data, "attributes");
        Long entitled = Json.number(attributes, "currently_entitled_amount_cents");
        Long willPay = Json.number(attributes, "will_pay_amount_cents");
        Long cadence = Json.number(attributes, "pledge_cadence");
        String name = Json.nonBlank(attributes, "full_name");
        if (name == null) {
            name = Json.nonBlank(Json.object(included(document, relatedId(data, "user"), "user"), "attributes"),
                    "full_name");
        }
        return new PatreonSnapshot(memberId, trigger, Json.nonBlank(attributes, "patron_status"),
                Json.instant(attributes, "last_charge_date"),
                LedgerEntry.Status.ofPatreon(Json.nonBlank(attributes, "last_charge_status")),
                entitled != null && entitled > 0 ? entitled : willPay,
                cadence == null || cadence < 1 ? null : cadence.intValue(),
                Json.instant(attributes, "pledge_relationship_start"), name, tierTitle(document, data),
                digest(withoutEmail(attributes)));
    }

    /**
     * The charge this snapshot reports, as a ledger entry booked at the whole pledge until {@link PatreonCharges}
     * has seen the member's other charges; null when the member was never charged.
     */
    LedgerEntry charge(String currency) {
        if (chargeDate == null || chargeStatus == null) {
            return null;
        }
        BigDecimal amount = BigDecimal.valueOf(amountCents == null ? 0 : amountCents, 2);
        // Patreon members never chose to be named in public, so the ledger treats every one as private.
        return new LedgerEntry("patreon", memberId + "@" + chargeDate, null, memberId, chargeDate, chargeDate,
                fullName, false, amount, currency, LedgerEntry.Kind.RECURRING, cadenceMonths == null ? 1 : cadenceMonths,
                tier, null, chargeStatus, null, trigger, amount);
    }

    /**
     * Sortable text: later charge, then later pledge start, then the further state of that charge and of the
     * membership. Snapshots that say the same on all of these (a pledge changed between two charges) carry no
     * order of their own; the later arrival wins those ties, as it does in live delivery.
     */
    String version() {
        return millis(chargeDate) + "|" + millis(pledgeStart) + "|" + rank(chargeStatus) + "|"
                + patronRank(patronStatus) + "|" + triggerRank(trigger);
    }

    /**
     * Orders snapshots of one charge for its amount and tier: the earliest state of the charge first; among
     * snapshots of the same state the smaller amount (income is never overstated), then the digest, so the same
     * snapshots give the same entry in any order.
     */
    String detailVersion() {
        return rank(chargeStatus) + "|" + String.format("%012d", amountCents == null ? 0 : Math.max(0, amountCents))
                + "|" + digest;
    }

    private static String millis(Instant instant) {
        return String.format("%015d", instant == null ? 0 : Math.max(0, instant.toEpochMilli()));
    }

    private static String rank(LedgerEntry.Status status) {
        return String.format("%02d", status == null ? 0 : status.rank);
    }

    private static int patronRank(String patronStatus) {
        if (patronStatus == null) {
            return 0;
        }
        return switch (patronStatus) {
            case "active_patron" -> 1;
            case "declined_patron" -> 2;
            case "former_patron" -> 3;
            default -> 0;
        };
    }

    // With nothing else to tell them apart, a deletion ends what a creation began.
    private static int triggerRank(String trigger) {
        if (trigger == null) {
            return 0;
        }
        return trigger.endsWith("delete") ? 2 : trigger.endsWith("update") ? 1 : 0;
    }

    private static String relatedId(JsonNode data, String relationship) {
        JsonNode related = Json.object(Json.object(Json.object(data, "relationships"), relationship), "data");
        return Json.nonBlank(related, "id");
    }

    private static String tierTitle(JsonNode document, JsonNode data) {
        JsonNode tiers = Json.object(Json.object(data, "relationships"), "currently_entitled_tiers");
        JsonNode list = tiers == null ? null : tiers.get("data");
        if (list == null || !list.isArray() || list.isEmpty()) {
            return null;
        }
        String id = Json.nonBlank(list.get(0), "id");
        return Json.nonBlank(Json.object(included(document, id, "tier"), "attributes"), "title");
    }

    private static JsonNode included(JsonNode document, String id, String type) {
        JsonNode included = document == null ? null : document.get("included");
        if (id == null || included == null || !included.isArray()) {
            return null;
        }
        for (JsonNode resource : included) {
            if (id.equals(Json.nonBlank(resource, "id")) && type.equals(Json.nonBlank(resource, "type"))) {
                return resource;
            }
        }
        return null;
    }

    // The e-mail address is nothing the ledger needs, not even hashed.
    private static String withoutEmail(JsonNode attributes) {
        if (attributes == null) {
            return "";
        }
        tools.jackson.databind.node.ObjectNode copy = (tools.jackson.databind.node.ObjectNode) attributes.deepCopy();
        copy.remove("email");
        return copy.toString();
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
