package org.fediflow.donations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.fediflow.workflow.DiagramRuns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every path of the shipped {@code bpmn/donation-recording.bpmn} on a bare engine with stub connectors. */
class DonationRecordingDiagramTest {

    static final DiagramRuns FLOWS = DiagramRuns.of("donation-recording.bpmn");

    @AfterAll
    static void close() {
        FLOWS.close();
    }

    @BeforeEach
    void reset() {
        FLOWS.reset();
    }

    static Map<String, Object> recorded(boolean announce, boolean thank) {
        return Map.of("entryId", 7, "fresh", true, "income", true, "status", "paid", "announce", announce,
                "notice", "*€5* from Ann", "thank", thank, "mastodonHandle", "@ann@example.social");
    }

    @ParameterizedTest
    @ValueSource(strings = {"kofi.donation", "kofi.subscription", "kofi.commission", "kofi.shop-order",
            "patreon.members.create", "patreon.members.update", "patreon.members.delete",
            "patreon.members.pledge.create", "patreon.members.pledge.update", "patreon.members.pledge.delete"})
    void everyKofiAndPatreonEventIsRecordedWithItsSourceEventAndPayload(String message) {
        FLOWS.answer("donations.record", recorded(false, false));

        var run = FLOWS.startByMessage(message, "tx-1", Map.of("amount", "5.00"));

        assertThat(run.steps()).containsExactly("record");
        var input = run.inputsOf("record").get(0);
        assertThat(input.path("source").asString()).isEqualTo(message.substring(0, message.indexOf('.')));
        assertThat(input.path("event").asString()).isEqualTo(message.substring(message.indexOf('.') + 1));
        assertThat(input.path("payload").path("amount").asString()).isEqualTo("5.00");
        assertThat(run.ended()).isTrue();
    }

    @Test
    void aPaymentWorthANoticeIsAnnouncedInTheDonationsChannelWithTheRecordersText() {
        FLOWS.answer("donations.record", recorded(true, false));

        var run = FLOWS.startByMessage("kofi.donation", "tx-2", Map.of());

        assertThat(run.steps()).containsExactly("record", "notify");
        var notice = run.inputsOf("notify").get(0);
        assertThat(notice.path("channel").asString()).isEqualTo("donations");
        assertThat(notice.path("text").asString()).isEqualTo("*€5* from Ann");
        assertThat(notice.path("formatted").asBoolean()).isTrue();
        assertThat(run.endEvents()).containsExactly("end");
    }

    @Test
    void aDonorWhoNamedAHandleIsThankedAfterTheNotice() {
        FLOWS.answer("donations.record", recorded(true, true));

        var run = FLOWS.startByMessage("kofi.donation", "tx-3", Map.of());

        assertThat(run.steps()).containsExactly("record", "notify", "thank");
        assertThat(run.inputsOf("thank").get(0).path("handle").asString()).isEqualTo("@ann@example.social");
        assertThat(run.ended()).isTrue();
    }

    @Test
    void aThankWithoutANoticeSkipsTheChannel() {
        FLOWS.answer("donations.record", recorded(false, true));

        var run = FLOWS.startByMessage("patreon.members.pledge.create", "member-1", Map.of());

        assertThat(run.steps()).containsExactly("record", "thank");
    }
}
