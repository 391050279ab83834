package org.fediflow.donations;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.fediflow.connector.Connector;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/** {@code donations.record}: one Ko-fi payment or Patreon member snapshot into the ledger. */
@Component
class RecordDonationConnector implements Connector<RecordDonationConnector.Input, RecordDonationConnector.Output> {

    /**
     * @param source  {@code kofi} or {@code patreon}
     * @param event   the sender's event name (Patreon's trigger decides ties between snapshots)
     * @param payload Ko-fi's {@code data} object or Patreon's whole JSON:API document
     */
    record Input(@NotBlank String source, String event, @NotNull JsonNode payload) {
    }

    record Output(Long entryId, boolean fresh, boolean income, String status, boolean announce, String notice,
                  boolean thank, String mastodonHandle) {
    }

    private final DonationRecorder recorder;

    RecordDonationConnector(DonationRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public String id() {
        return "donations.record";
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        DonationRecorder.Recorded r = recorder.record(input.source(), input.event(), input.payload());
        return new Output(r.entryId(), r.fresh(), r.income(), r.status(), r.announce(), r.notice(), r.thank(),
                r.mastodonHandle());
    }
}
