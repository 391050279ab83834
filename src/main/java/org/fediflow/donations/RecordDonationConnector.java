package org.fediflow.donations;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/** {@code donations.record}: one Ko-fi payment or Patreon member snapshot into the ledger. */
@ConnectorInfo(id = "donations.record", name = "Record a donation",
        description = "Stores one Ko-fi payment or one Patreon member snapshot in the donation ledger "
        + "(tables donation_entry and donor_member). A payment is recorded once: Ko-fi by "
        + "kofi_transaction_id and message_id, Patreon by member id and last_charge_date. "
        + "Patreon snapshots may arrive in any order: a charge's status only moves forward "
        + "(pending, paid, refunded) and the member's state is replaced only by a later "
        + "snapshot. Only 'paid' counts as income. Malformed payloads (no id, no amount or "
        + "currency) are incidents.")
@Component
class RecordDonationConnector implements Connector<RecordDonationConnector.Input, RecordDonationConnector.Output> {

    /**
     * @param source  {@code kofi} or {@code patreon}
     * @param event   the sender's event name (Patreon's trigger decides ties between snapshots)
     * @param payload Ko-fi's {@code data} object or Patreon's whole JSON:API document
     */
    record Input(
            @Doc("kofi or patreon (the run's ${source})")
            @NotBlank String source,
            @Doc("The sender's event name (${event}): Ko-fi's type or Patreon's trigger")
            String event,
            @Doc("Ko-fi's data object or Patreon's JSON:API member document (${payload})")
            @NotNull JsonNode payload) {
    }

    record Output(
            @Doc("Ledger entry of the payment; empty when the event reported no payment")
            Long entryId,
            @Doc("True when the entry was created by this step")
            boolean fresh,
            @Doc("True when the entry counts as income (paid)")
            boolean income,
            @Doc("paid, pending, declined, refunded, partially_refunded, fraud, deleted, "
                    + "free_trial or other")
            String status,
            @Doc("True when the operators should hear of it and the donations channel is "
                    + "configured")
            boolean announce,
            @Doc(value = "Slack markup for the donations channel; no name or message for a private "
                    + "donation", type = Doc.Type.TEXT)
            String notice,
            @Doc("True when a Mastodon thank-you is due (fediflow.donations.thank-on-mastodon, "
                    + "new payment, handle named)")
            boolean thank,
            @Doc("@user@server found in the donor's message, if any")
            String mastodonHandle) {
    }

    private final DonationRecorder recorder;

    RecordDonationConnector(DonationRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        DonationRecorder.Recorded r = recorder.record(input.source(), input.event(), input.payload());
        return new Output(r.entryId(), r.fresh(), r.income(), r.status(), r.announce(), r.notice(), r.thank(),
                r.mastodonHandle());
    }
}
