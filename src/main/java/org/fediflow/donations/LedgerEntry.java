package org.fediflow.donations;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One payment as the ledger keeps it, normalised from Ko-fi or Patreon.
 *
 * @param externalId    the payment's id at the source: Ko-fi's {@code kofi_transaction_id}, or for Patreon
 *                      {@code <member id>@<last_charge_date>}
 * @param messageId     Ko-fi's {@code message_id}; null for Patreon
 * @param memberId      Patreon's member id; null for Ko-fi
 * @param chargeDate    Patreon's {@code last_charge_date}; null for Ko-fi
 * @param isPublic      the donor agreed to be named; when false no name or message leaves the ledger
 * @param cadenceMonths months between payments of a recurring payment; null for one-off
 * @param amount        what the payment charged (for Patreon derived from the pledges, see {@link PatreonCharges})
 * @param senderType    the source's own word for it: Ko-fi's {@code type} or Patreon's trigger
 * @param pledgeAmount  Patreon: the pledge the charge was for ({@code currently_entitled_amount_cents}); null for Ko-fi
 */
record LedgerEntry(String source, String externalId, String messageId, String memberId, Instant chargeDate,
                   Instant occurredAt, String donorName, boolean isPublic, BigDecimal amount, String currency,
                   Kind kind, Integer cadenceMonths, String tier, String message, Status status,
                   String mastodonHandle, String senderType, BigDecimal pledgeAmount) {

    enum Kind {
        ONE_OFF("one-off"), RECURRING("recurring");

        final String code;

        Kind(String code) {
            this.code = code;
        }
    }

    /**
     * What became of a payment. Only {@link #PAID} is income. The rank orders the states one charge can pass
     * through (a Patreon charge is pending, then paid or declined, and later perhaps refunded), so snapshots
     * arriving out of order still end in the latest state.
     */
    enum Status {
        PENDING("pending", 10),
        FREE_TRIAL("free_trial", 20),
        OTHER("other", 25),
        DECLINED("declined", 30),
        PAID("paid", 40),
        PARTIALLY_REFUNDED("partially_refunded", 50),
        REFUNDED("refunded", 60),
        FRAUD("fraud", 70),
        DELETED("deleted", 80);

        final String code;
        final int rank;

        Status(String code, int rank) {
            this.code = code;
            this.rank = rank;
        }

        boolean income() {
            return this == PAID;
        }

        /** The money was taken, whatever became of it later: it counts against an upgrade in the same period. */
        boolean charged() {
            return this == PAID || this == PARTIALLY_REFUNDED || this == REFUNDED || this == FRAUD;
        }

        /** A payment that was taken back: worth telling the operators even when the entry is not new. */
        boolean reversal() {
            return this == REFUNDED || this == PARTIALLY_REFUNDED || this == FRAUD;
        }

        static Status ofCode(String code) {
            for (Status status : values()) {
                if (status.code.equals(code)) {
                    return status;
                }
            }
            throw new IllegalArgumentException("unknown ledger status " + code);
        }

        /** Patreon's {@code last_charge_status}, or null when there is none (no charge yet). */
        static Status ofPatreon(String chargeStatus) {
            if (chargeStatus == null || chargeStatus.isBlank()) {
                return null;
            }
            return switch (chargeStatus.trim()) {
                case "Paid" -> PAID;
                case "Declined" -> DECLINED;
                case "Pending" -> PENDING;
                case "Refunded", "Refunded by Patreon" -> REFUNDED;
                case "Partially Refunded" -> PARTIALLY_REFUNDED;
                case "Fraud" -> FRAUD;
                case "Deleted" -> DELETED;
                case "Free Trial" -> FREE_TRIAL;
                default -> OTHER;
            };
        }
    }
}
