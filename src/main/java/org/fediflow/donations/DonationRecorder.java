package org.fediflow.donations;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.slack.SlackProperties;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.JsonNode;

/**
 * Turns one Ko-fi payment or one Patreon member snapshot into ledger rows, and says whether the operators
 * should hear of it. Recording the same delivery twice, or Patreon's snapshots in any order, gives the same
 * ledger.
 */
@Service
class DonationRecorder {

    /**
     * @param entryId        the ledger entry of the payment; null when the event reported no payment
     * @param fresh          the entry was created now
     * @param income         the entry counts as income (paid)
     * @param announce       worth a notice in the donations channel (and the channel is configured)
     * @param notice         Slack markup; names and messages only of public donations
     * @param thank          a Mastodon thank-you is due (turned on, new payment, handle named)
     */
    record Recorded(Long entryId, boolean fresh, boolean income, String status, boolean announce, String notice,
                    boolean thank, String mastodonHandle) {
    }

    private final Ledger ledger;
    private final DonationProperties properties;
    private final SlackProperties slack;
    private final Clock clock;

    DonationRecorder(Ledger ledger, DonationProperties properties, SlackProperties slack, Clock clock) {
        this.ledger = ledger;
        this.properties = properties;
        this.slack = slack;
        this.clock = clock;
    }

    @Transactional
    public Recorded record(String source, String event, JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            throw new ConnectorFailure.BadInput("payload is not a JSON object");
        }
        return switch (source == null ? "" : source) {
            case "kofi" -> kofi(payload);
            case "patreon" -> patreon(event, payload);
            default -> throw new ConnectorFailure.BadInput("donations come from kofi or patreon, not " + source);
        };
    }

    private Recorded kofi(JsonNode data) {
        if (KofiPayments.isTest(data)) {
            // "Send test" posts Ko-fi's example payment (one per type, all sharing its transaction id): proof that
            // the webhook works, never money.
            return new Recorded(null, false, false, "test", slackReady(), Notices.kofiTest(data), false, null);
        }
        Instant now = clock.instant();
        LedgerEntry entry = KofiPayments.entry(data, now);
        Optional<Ledger.Stored> known = ledger.find(entry);
        if (known.isPresent()) {
            return unchanged(known.get());
        }
        long id = insert(entry, "-", now);
        boolean thank = properties.donations().thankOnMastodon() && entry.mastodonHandle() != null;
        return new Recorded(id, true, true, entry.status().code, slackReady(), Notices.kofi(entry), thank,
                entry.mastodonHandle());
    }

    private Recorded patreon(String event, JsonNode document) {
        Instant now = clock.instant();
        String currency = properties.patreon().currency();
        PatreonSnapshot snapshot = PatreonSnapshot.of(document, event);
        String before = ledger.lockMember(snapshot.memberId());
        boolean newerState = ledger.updateMember(snapshot, currency, now);
        boolean left = newerState && "active_patron".equals(before) && "former_patron".equals(snapshot.patronStatus());
        LedgerEntry charge = snapshot.charge(currency);
        if (charge == null) {
            return new Recorded(null, false, false, null, left && slackReady(),
                    left ? Notices.patreonLeft(snapshot, currency) : null, false, null);
        }
        Optional<Ledger.Stored> known = ledger.find(charge);
        if (known.isEmpty()) {
            long id = insert(charge, snapshot.detailVersion(), now);
            ledger.rebookCharges(snapshot.memberId(), now);
            LedgerEntry booked = ledger.get(id).orElseThrow().entry();
            boolean worth = booked.status().income() || booked.status().reversal();
            return new Recorded(id, true, booked.status().income(), booked.status().code, worth && slackReady(),
                    Notices.patreon(booked), false, null);
        }
        long id = known.get().id();
        ledger.takeDetailsFromEarlierState(id, charge, snapshot.detailVersion(), now);
        boolean moved = ledger.advanceStatus(id, charge.status(), now);
        ledger.rebookCharges(snapshot.memberId(), now);
        Ledger.Stored stored = ledger.get(id).orElseThrow();
        LedgerEntry.Status status = stored.entry().status();
        // A status moves only forward, and only one snapshot moves it: a pending charge that is paid, or a paid one
        // refunded, is announced once.
        if (moved && (status.income() || status.reversal())) {
            return new Recorded(id, false, status.income(), status.code, slackReady(), Notices.patreon(stored.entry()),
                    false, null);
        }
        if (!moved && left) {
            return new Recorded(id, false, status.income(), status.code, slackReady(),
                    Notices.patreonLeft(snapshot, currency), false, null);
        }
        return unchanged(stored);
    }

    private long insert(LedgerEntry entry, String detailVersion, Instant now) {
        try {
            return ledger.insert(entry, detailVersion, now);
        } catch (DuplicateKeyException raced) {
            // Another step recorded the same payment in this instant; the retry will find its entry.
            throw new ConnectorFailure.Temporary("the same payment is being recorded by another step", raced);
        }
    }

    private static Recorded unchanged(Ledger.Stored stored) {
        return new Recorded(stored.id(), false, stored.entry().status().income(), stored.entry().status().code,
                false, null, false, stored.entry().mastodonHandle());
    }

    private boolean slackReady() {
        return slack.botToken() != null && !slack.botToken().isBlank() && slack.channels().donations() != null
                && !slack.channels().donations().isBlank();
    }
}
