package org.fediflow.donations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.sql.DataSource;

import org.fediflow.connector.ConnectorFailure;
import org.fediflow.connector.slack.SlackProperties;
import org.fediflow.testing.MigratedDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionManager;
import org.springframework.transaction.annotation.AnnotationTransactionAttributeSource;
import org.springframework.transaction.interceptor.TransactionInterceptor;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ko-fi payments and Patreon member snapshots into the ledger, as the donations.record step does it. The recorder
 * and its ledger alone, on a fresh H2 database with the application's migrations and the recorder's own
 * {@code @Transactional} (as Spring applies it), without starting the application.
 */
class DonationLedgerTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Map<String, String> SETTINGS = Map.of(
            "fediflow.slack.bot-token", "xoxb-test",
            "fediflow.slack.channels.donations", "C0DONATE",
            "fediflow.patreon.currency", "eur");

    static JdbcTemplate jdbc;
    static Ledger ledger;
    static DonationRecorder recorder;

    @BeforeAll
    static void ledger() {
        DataSource db = MigratedDatabase.h2();
        jdbc = new JdbcTemplate(db);
        ledger = new Ledger(jdbc);
        Binder settings = new Binder(new MapConfigurationPropertySource(SETTINGS));
        ProxyFactory transactional = new ProxyFactory(new DonationRecorder(ledger,
                settings.bindOrCreate("fediflow", DonationProperties.class),
                settings.bindOrCreate("fediflow.slack", SlackProperties.class), Clock.systemUTC()));
        transactional.setProxyTargetClass(true);
        transactional.addAdvice(new TransactionInterceptor((TransactionManager) new DataSourceTransactionManager(db),
                new AnnotationTransactionAttributeSource()));
        recorder = (DonationRecorder) transactional.getProxy();
    }

    @BeforeEach
    void emptyLedger() {
        jdbc.update("DELETE FROM donation_entry");
        jdbc.update("DELETE FROM donor_member");
    }

    DonationRecorder.Recorded kofi(String json) {
        return recorder.record("kofi", "Donation", JSON.readTree(json));
    }

    DonationRecorder.Recorded patreon(String trigger, String json) {
        return recorder.record("patreon", trigger, JSON.readTree(json));
    }

    Map<String, Object> entry(long id) {
        return jdbc.queryForMap("SELECT * FROM donation_entry WHERE id = ?", id);
    }

    long entries() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM donation_entry", Long.class);
    }

    @Test
    void recordsEveryKofiTypeWithItsKindAmountAndCurrency() {
        record Case(String type, String kind, Integer cadence, String tier) {
        }
        for (Case c : List.of(new Case("Donation", "one-off", null, null), new Case("Subscription", "recurring", 1, "Bronze"),
                new Case("Commission", "one-off", null, null), new Case("Shop Order", "one-off", null, null))) {
            String tx = Payloads.uuid();
            DonationRecorder.Recorded r = kofi(Payloads.kofi(null, c.type(), tx, true, "Ko-fi Team", "Good luck!",
                    "3.50", "GBP", "2026-11-21T13:04:30Z"));
            assertThat(r.fresh()).as(c.type()).isTrue();
            assertThat(r.income()).isTrue();
            Map<String, Object> row = entry(r.entryId());
            assertThat(row).containsEntry("SOURCE", "kofi").containsEntry("EXTERNAL_ID", tx)
                    .containsEntry("CURRENCY", "GBP").containsEntry("KIND", c.kind()).containsEntry("STATUS", "paid")
                    .containsEntry("DONOR_NAME", "Ko-fi Team").containsEntry("IS_PUBLIC", true)
                    .containsEntry("MESSAGE", "Good luck!").containsEntry("SENDER_TYPE", c.type())
                    .containsEntry("CADENCE_MONTHS", c.cadence()).containsEntry("TIER", c.tier());
            assertThat((BigDecimal) row.get("AMOUNT")).isEqualByComparingTo("3.50");
            assertThat(row.get("MESSAGE_ID")).isNotNull();
            assertThat(row.values()).noneMatch(v -> String.valueOf(v).contains("donor@example.com"));
        }
        assertThat(entries()).isEqualTo(4);
    }

    @Test
    void recordsAKofiPaymentOnceWhateverDeliveryItComesIn() {
        String tx = Payloads.uuid();
        String first = Payloads.kofi(null, "Donation", tx, true, "Ann", null, "5.00", "EUR", "2026-11-21T13:04:30Z");
        DonationRecorder.Recorded recorded = kofi(first);
        DonationRecorder.Recorded sameDelivery = kofi(first);
        // Ko-fi retries carry the same message_id; a second delivery of the payment a new one.
        DonationRecorder.Recorded otherDelivery = kofi(Payloads.kofi(null, "Donation", tx, true, "Ann", null, "5.00",
                "EUR", "2026-11-21T13:04:30Z"));
        assertThat(sameDelivery.fresh()).isFalse();
        assertThat(sameDelivery.announce()).isFalse();
        assertThat(otherDelivery.fresh()).isFalse();
        assertThat(otherDelivery.entryId()).isEqualTo(recorded.entryId());
        assertThat(entries()).isEqualTo(1);
    }

    @Test
    void privateDonationNoticeShowsNeitherNameNorMessage() {
        DonationRecorder.Recorded r = kofi(Payloads.kofi(null, "Donation", Payloads.uuid(), false, "Secret Sam",
                "my private words", "10.00", "USD", "2026-11-21T13:04:30Z"));
        assertThat(r.announce()).isTrue();
        assertThat(r.notice()).contains("10.00 USD").contains("private donor")
                .doesNotContain("Secret Sam").doesNotContain("private words");
        assertThat(entry(r.entryId())).containsEntry("IS_PUBLIC", false);
    }

    @Test
    void publicDonationNoticeNamesTheDonorAndEscapesTheirText() {
        DonationRecorder.Recorded r = kofi(Payloads.kofi(null, "Donation", Payloads.uuid(), true, "Ann <!channel>",
                "Thanks & keep going <https://evil.example|bank>", "4.00", "EUR", "2026-11-21T13:04:30Z"));
        assertThat(r.notice()).contains("New Ko-fi donation: *4.00 EUR* from *Ann &lt;!channel&gt;*")
                .contains("> Thanks &amp; keep going &lt;https://evil.example|bank&gt;").doesNotContain("<!channel>");
    }

    @Test
    void readsKofiPayloadsWithNullsEmptyStringsAndNumbersWhereTextIsUsual() {
        String tx = Payloads.uuid();
        DonationRecorder.Recorded r = kofi("""
                {"message_id":"%s","timestamp":"2026-11-21T13:04:30Z","type":"Donation","is_public":null,
                 "from_name":"","message":null,"amount":3,"url":"","email":"","currency":"usd",
                 "is_subscription_payment":null,"kofi_transaction_id":"%s","shop_items":"","tier_name":"","shipping":""}"""
                .formatted(Payloads.uuid(), tx));
        Map<String, Object> row = entry(r.entryId());
        assertThat(row).containsEntry("CURRENCY", "USD").containsEntry("IS_PUBLIC", false)
                .containsEntry("DONOR_NAME", null).containsEntry("TIER", null).containsEntry("KIND", "one-off");
        assertThat((BigDecimal) row.get("AMOUNT")).isEqualByComparingTo("3.00");
        assertThat(r.notice()).contains("3.00 USD").contains("private donor");
    }

    @Test
    void refusesKofiPayloadsWithoutAmountOrCurrencyAndRecordsNothing() {
        String noAmount = "{\"message_id\":\"m1\",\"kofi_transaction_id\":\"t1\",\"type\":\"Donation\",\"currency\":\"EUR\"}";
        String noCurrency = "{\"message_id\":\"m2\",\"kofi_transaction_id\":\"t2\",\"type\":\"Donation\",\"amount\":\"3.00\"}";
        String badAmount = "{\"message_id\":\"m3\",\"kofi_transaction_id\":\"t3\",\"type\":\"Donation\",\"amount\":\"three\",\"currency\":\"EUR\"}";
        for (String payload : List.of(noAmount, noCurrency, badAmount)) {
            assertThatThrownBy(() -> kofi(payload)).isInstanceOf(ConnectorFailure.BadInput.class);
        }
        assertThat(entries()).isZero();
    }

    @Test
    void findsTheMastodonHandleTheDonorNamedAndOnlyThat() {
        assertThat(KofiPayments.mastodonHandle("Love the server! I'm @Ann_1@Mastodon.Example on the fedi"))
                .isEqualTo("@Ann_1@mastodon.example");
        assertThat(KofiPayments.mastodonHandle("mail me at ann@mail.example")).isNull();
        assertThat(KofiPayments.mastodonHandle("see https://x.example/@ann@y.example")).isNull();
        assertThat(KofiPayments.mastodonHandle(null)).isNull();
        DonationRecorder.Recorded r = kofi(Payloads.kofi(null, "Donation", Payloads.uuid(), true, "Ann",
                "from @ann@mastodon.example", "3.00", "EUR", "2026-11-21T13:04:30Z"));
        assertThat(r.mastodonHandle()).isEqualTo("@ann@mastodon.example");
        assertThat(r.thank()).as("thanking is off by default").isFalse();
    }

    @Test
    void recordsEveryPatreonTriggerAsMemberStateAndPaidChargesAsIncome() {
        String member = Payloads.uuid();
        // Joined, not charged yet: a member without a payment.
        DonationRecorder.Recorded created = patreon("members:create",
                Payloads.patreonMember(member, null, null, null, null, null, null));
        assertThat(created.entryId()).isNull();
        assertThat(created.announce()).isFalse();
        DonationRecorder.Recorded pledged = patreon("members:pledge:create", Payloads.patreonMember(member,
                "active_patron", "2026-10-01T09:00:00.000+00:00", "Paid", 500, 1, "Supporter"));
        assertThat(pledged.fresh()).isTrue();
        assertThat(pledged.income()).isTrue();
        assertThat(pledged.announce()).isTrue();
        assertThat(pledged.notice()).isEqualTo(":tada: New Patreon payment: *5.00 EUR* (tier Supporter, monthly)")
                .doesNotContain("Platform Team");
        assertThat(entry(pledged.entryId())).containsEntry("CURRENCY", "EUR").containsEntry("KIND", "recurring")
                .containsEntry("CADENCE_MONTHS", 1).containsEntry("TIER", "Supporter").containsEntry("MEMBER_ID", member)
                .containsEntry("IS_PUBLIC", false);
        DonationRecorder.Recorded charged = patreon("members:update", Payloads.patreonMember(member, "active_patron",
                "2026-11-01T09:00:00.000+00:00", "Paid", 500, 1, "Supporter"));
        assertThat(charged.fresh()).isTrue();
        // An upgrade between charges changes the pledge, not a payment.
        DonationRecorder.Recorded upgraded = patreon("members:pledge:update", Payloads.patreonMember(member,
                "active_patron", "2026-11-01T09:00:00.000+00:00", "Paid", 1000, 1, "Patron"));
        assertThat(upgraded.fresh()).isFalse();
        assertThat(upgraded.announce()).isFalse();
        assertThat(member(member)).containsEntry("CURRENTLY_ENTITLED_AMOUNT_CENTS", 1000L).containsEntry("TIER", "Patron");
        // Cancelling after payment: still the same charge, the member is a former patron.
        DonationRecorder.Recorded cancelled = patreon("members:pledge:delete", Payloads.patreonMember(member,
                "former_patron", "2026-11-01T09:00:00.000+00:00", "Paid", 0, 1, null));
        assertThat(cancelled.fresh()).isFalse();
        assertThat(cancelled.income()).isTrue();
        assertThat(cancelled.announce()).isTrue();
        assertThat(cancelled.notice()).startsWith(":wave: A Patreon member ended their pledge");
        assertThat(member(member)).containsEntry("PATRON_STATUS", "former_patron");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM donation_entry WHERE member_id = ? AND status = 'paid'",
                Long.class, member)).isEqualTo(2);

        // Never paid, then gone: a deletion, possibly with hardly any attributes.
        String other = Payloads.uuid();
        patreon("members:create", Payloads.patreonMember(other, null, null, null, 0, null, null));
        DonationRecorder.Recorded deleted = patreon("members:delete",
                "{\"data\":{\"id\":\"" + other + "\",\"type\":\"member\",\"attributes\":{},\"relationships\":"
                        + "{\"address\":{\"data\":\"\"},\"currently_entitled_tiers\":{\"data\":\"\"}}},\"included\":\"\"}");
        assertThat(deleted.entryId()).isNull();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM donation_entry WHERE member_id = ?", Long.class, other)).isZero();
    }

    @Test
    void declinedAndPendingChargesAreRecordedButNeverIncome() {
        String member = Payloads.uuid();
        DonationRecorder.Recorded declined = patreon("members:update", Payloads.patreonMember(member,
                "declined_patron", "2026-11-01T09:00:00.000+00:00", "Declined", 500, 1, null));
        assertThat(declined.fresh()).isTrue();
        assertThat(declined.income()).isFalse();
        assertThat(declined.announce()).isFalse();
        assertThat(entry(declined.entryId())).containsEntry("STATUS", "declined");
        DonationRecorder.Recorded pending = patreon("members:update", Payloads.patreonMember(Payloads.uuid(),
                "active_patron", "2026-11-02T09:00:00.000+00:00", "Pending", 500, 1, null));
        assertThat(entry(pending.entryId())).containsEntry("STATUS", "pending");
        assertThat(pending.income()).isFalse();
    }

    @Test
    void aLaterRefundTurnsThePaidChargeIntoARefund() {
        String member = Payloads.uuid();
        DonationRecorder.Recorded paid = patreon("members:pledge:create", Payloads.patreonMember(member,
                "active_patron", "2026-11-01T09:00:00.000+00:00", "Paid", 700, 1, null));
        DonationRecorder.Recorded refunded = patreon("members:update", Payloads.patreonMember(member,
                "former_patron", "2026-11-01T09:00:00.000+00:00", "Refunded", 700, 1, null));
        assertThat(refunded.entryId()).isEqualTo(paid.entryId());
        assertThat(refunded.income()).isFalse();
        assertThat(refunded.announce()).isTrue();
        assertThat(refunded.notice()).contains("7.00 EUR").contains("refunded").contains("not counted as income");
        assertThat(entry(paid.entryId())).containsEntry("STATUS", "refunded");
        // The paid snapshot redelivered afterwards does not undo the refund.
        DonationRecorder.Recorded redelivered = patreon("members:pledge:create", Payloads.patreonMember(member,
                "active_patron", "2026-11-01T09:00:00.000+00:00", "Paid", 700, 1, null));
        assertThat(redelivered.income()).isFalse();
        assertThat(entry(paid.entryId())).containsEntry("STATUS", "refunded");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM donation_entry WHERE status = 'paid'", Long.class)).isZero();
    }

    @Test
    void aShuffledBurstOfOldSnapshotsGivesTheSameLedgerAsInOrderDelivery() {
        List<String[]> history = new ArrayList<>();
        String a = "a0000000-0000-4000-8000-000000000001";
        String b = "b0000000-0000-4000-8000-000000000002";
        history.add(new String[]{"members:create", Payloads.patreonMember(a, null, null, null, null, null, null)});
        history.add(new String[]{"members:pledge:create", Payloads.patreonMember(a, "active_patron", "2026-08-01T09:00:00.000+00:00", "Pending", 500, 1, "Supporter")});
        history.add(new String[]{"members:update", Payloads.patreonMember(a, "active_patron", "2026-08-01T09:00:00.000+00:00", "Paid", 500, 1, "Supporter")});
        history.add(new String[]{"members:update", Payloads.patreonMember(a, "active_patron", "2026-09-01T09:00:00.000+00:00", "Paid", 500, 1, "Supporter")});
        history.add(new String[]{"members:pledge:update", Payloads.patreonMember(a, "active_patron", "2026-09-01T09:00:00.000+00:00", "Paid", 1500, 1, "Patron")});
        history.add(new String[]{"members:update", Payloads.patreonMember(a, "active_patron", "2026-10-01T09:00:00.000+00:00", "Paid", 1500, 1, "Patron")});
        history.add(new String[]{"members:update", Payloads.patreonMember(a, "active_patron", "2026-10-01T09:00:00.000+00:00", "Refunded", 1500, 1, "Patron")});
        history.add(new String[]{"members:pledge:delete", Payloads.patreonMember(a, "former_patron", "2026-10-01T09:00:00.000+00:00", "Refunded", 0, 1, null)});
        history.add(new String[]{"members:pledge:create", Payloads.patreonMember(b, "active_patron", "2026-09-15T09:00:00.000+00:00", "Paid", 1200, 12, "Yearly")});
        history.add(new String[]{"members:update", Payloads.patreonMember(b, "declined_patron", "2026-10-15T09:00:00.000+00:00", "Declined", 1200, 12, "Yearly")});
        history.add(new String[]{"members:update", Payloads.patreonMember(b, "active_patron", "2026-10-18T09:00:00.000+00:00", "Paid", 1200, 12, "Yearly")});

        history.forEach(h -> patreon(h[0], h[1]));
        List<Map<String, Object>> inOrder = ledgerState();
        assertThat(inOrder).as("6 charges, 2 members").hasSize(8);

        Random random = new Random(20261101);
        for (int round = 0; round < 5; round++) {
            emptyLedger();
            List<String[]> burst = new ArrayList<>(history);
            burst.addAll(history.subList(2, 6)); // some snapshots twice, as redeliveries do
            Collections.shuffle(burst, random);
            burst.forEach(h -> patreon(h[0], h[1]));
            assertThat(ledgerState()).as("round %d", round).isEqualTo(inOrder);
        }
        assertThat(member(a)).containsEntry("PATRON_STATUS", "former_patron");
        assertThat(member(b)).containsEntry("PATRON_STATUS", "active_patron");
        assertThat(jdbc.queryForObject("SELECT status FROM donation_entry WHERE member_id = ? AND charge_date = ?",
                String.class, a, java.time.OffsetDateTime.parse("2026-10-01T09:00:00Z"))).isEqualTo("refunded");
        assertThat(jdbc.queryForObject("SELECT amount FROM donation_entry WHERE member_id = ? AND charge_date = ?",
                BigDecimal.class, a, java.time.OffsetDateTime.parse("2026-08-01T09:00:00Z"))).isEqualByComparingTo("5.00");
    }

    @Test
    void aChargeUpfrontUpgradeIsBookedAsTheDifferenceItCharged() {
        String member = Payloads.uuid();
        DonationRecorder.Recorded first = patreon("members:pledge:create", Payloads.patreonMember(member,
                "active_patron", "2026-11-01T08:10:00.000+00:00", "Paid", 500, 1, "Supporter"));
        // Patreon's help centre: an upgrade is charged the difference at once, and the full pledge on the 1st.
        DonationRecorder.Recorded upgrade = patreon("members:update", Payloads.patreonMember(member,
                "active_patron", "2026-11-15T17:42:00.000+00:00", "Paid", 1000, 1, "Patron"));
        assertThat(upgrade.fresh()).isTrue();
        assertThat((BigDecimal) entry(upgrade.entryId()).get("AMOUNT")).isEqualByComparingTo("5.00");
        assertThat((BigDecimal) entry(upgrade.entryId()).get("PLEDGE_AMOUNT")).isEqualByComparingTo("10.00");
        assertThat(upgrade.notice()).isEqualTo(":tada: New Patreon payment: *5.00 EUR* (tier Patron, monthly)"
                + " — an upgrade to 10.00 EUR, the difference charged");
        // A second upgrade in the month is charged what the month has not charged yet.
        DonationRecorder.Recorded again = patreon("members:update", Payloads.patreonMember(member,
                "active_patron", "2026-11-20T10:00:00.000+00:00", "Paid", 1600, 1, "Sponsor"));
        assertThat((BigDecimal) entry(again.entryId()).get("AMOUNT")).isEqualByComparingTo("6.00");
        // 1 December 03:00 UTC is still 30 November in Pacific Time, where Patreon bills: the same month.
        DonationRecorder.Recorded lateNovember = patreon("members:update", Payloads.patreonMember(member,
                "active_patron", "2026-12-01T03:00:00.000+00:00", "Paid", 2000, 1, "Sponsor"));
        assertThat((BigDecimal) entry(lateNovember.entryId()).get("AMOUNT")).isEqualByComparingTo("4.00");
        DonationRecorder.Recorded december = patreon("members:update", Payloads.patreonMember(member,
                "active_patron", "2026-12-01T09:00:00.000+00:00", "Paid", 2000, 1, "Sponsor"));
        assertThat((BigDecimal) entry(december.entryId()).get("AMOUNT")).isEqualByComparingTo("20.00");
        assertThat((BigDecimal) entry(first.entryId()).get("AMOUNT")).isEqualByComparingTo("5.00");
        assertThat(jdbc.queryForObject("SELECT SUM(amount) FROM donation_entry WHERE member_id = ? AND charge_date < ?",
                BigDecimal.class, member, java.time.OffsetDateTime.parse("2026-12-01T08:00:00Z")))
                .as("November charged its largest pledge, no more").isEqualByComparingTo("20.00");
    }

    @Test
    void anUpgradeBookedBeforeTheMonthsFirstChargeArrivesIsRebookedWhenItDoes() {
        String member = Payloads.uuid();
        String firstCharge = Payloads.patreonMember(member, "active_patron", "2026-11-01T08:10:00.000+00:00", "Paid",
                500, 1, "Supporter");
        String upgrade = Payloads.patreonMember(member, "active_patron", "2026-11-15T17:42:00.000+00:00", "Paid", 1000, 1,
                "Patron");
        DonationRecorder.Recorded upgradeFirst = patreon("members:update", upgrade);
        assertThat((BigDecimal) entry(upgradeFirst.entryId()).get("AMOUNT"))
                .as("nothing else is known of November yet").isEqualByComparingTo("10.00");
        patreon("members:pledge:create", firstCharge);
        assertThat((BigDecimal) entry(upgradeFirst.entryId()).get("AMOUNT")).isEqualByComparingTo("5.00");

        DonationProperties.Funding funding = new DonationProperties.Funding(null, null, null, "UTC");
        assertThat(summary(funding).currencies().get("EUR").incomeThisMonth()).isEqualByComparingTo("10.00");
    }

    @Test
    void aDowngradeChargesNothingUntilTheNextMonth() {
        String member = Payloads.uuid();
        patreon("members:pledge:create", Payloads.patreonMember(member, "active_patron",
                "2026-10-01T08:10:00.000+00:00", "Paid", 1000, 1, "Patron"));
        // Patreon: a downgrade is not charged, the member keeps the tier until the period ends; what changes is
        // will_pay_amount_cents, the pledge of the next charge.
        DonationRecorder.Recorded downgraded = patreon("members:pledge:update", Payloads.willPay(500,
                Payloads.patreonMember(member, "active_patron", "2026-10-01T08:10:00.000+00:00", "Paid", 1000, 1, "Patron")));
        assertThat(downgraded.fresh()).isFalse();
        assertThat(downgraded.announce()).isFalse();
        assertThat((BigDecimal) entry(downgraded.entryId()).get("AMOUNT")).isEqualByComparingTo("10.00");
        DonationRecorder.Recorded november = patreon("members:update", Payloads.patreonMember(member, "active_patron",
                "2026-11-01T08:10:00.000+00:00", "Paid", 500, 1, "Supporter"));
        assertThat((BigDecimal) entry(november.entryId()).get("AMOUNT")).isEqualByComparingTo("5.00");
    }

    @Test
    void aPendingChargeThatIsPaidLaterIsAnnouncedOnce() {
        String member = Payloads.uuid();
        String pending = Payloads.patreonMember(member, "active_patron", "2026-11-02T09:00:00.000+00:00", "Pending", 800,
                1, "Supporter");
        String paid = Payloads.patreonMember(member, "active_patron", "2026-11-02T09:00:00.000+00:00", "Paid", 800, 1,
                "Supporter");
        DonationRecorder.Recorded waiting = patreon("members:pledge:create", pending);
        assertThat(waiting.announce()).isFalse();
        DonationRecorder.Recorded settled = patreon("members:update", paid);
        assertThat(settled.entryId()).isEqualTo(waiting.entryId());
        assertThat(settled.income()).isTrue();
        assertThat(settled.announce()).isTrue();
        assertThat(settled.notice()).isEqualTo(":tada: New Patreon payment: *8.00 EUR* (tier Supporter, monthly)");
        assertThat(patreon("members:update", paid).announce()).as("the same news redelivered").isFalse();
        assertThat(patreon("members:update", pending).announce()).as("an old pending snapshot").isFalse();
        assertThat(entry(waiting.entryId())).containsEntry("STATUS", "paid");
    }

    @Test
    void kofiSendTestIsAnsweredInSlackAndNeverBooked() {
        for (String type : List.of("Donation", "Subscription", "Shop Order", "Commission")) {
            DonationRecorder.Recorded r = recorder.record("kofi", type, JSON.readTree(Payloads.kofiTest(null, type)));
            assertThat(r.entryId()).as(type).isNull();
            assertThat(r.income()).isFalse();
            assertThat(r.announce()).isTrue();
            assertThat(r.thank()).isFalse();
            assertThat(r.notice()).startsWith(":white_check_mark: Ko-fi test received (" + type + ")")
                    .contains("nothing was recorded");
        }
        assertThat(entries()).isZero();
    }

    @Test
    void readsKofiAmountsWithThousandsSeparatorsAndWithoutDecimals() {
        record Case(String amount, String currency, String booked) {
        }
        for (Case c : List.of(new Case("1,250.00", "USD", "1250.00"), new Case("12,345,678.90", "EUR", "12345678.90"),
                new Case("1,000", "JPY", "1000.00"), new Case("500", "JPY", "500.00"), new Case("3.5", "GBP", "3.50"))) {
            DonationRecorder.Recorded r = kofi(Payloads.kofi(null, "Donation", Payloads.uuid(), true, "Ann", null,
                    c.amount(), c.currency(), "2026-11-21T13:04:30Z"));
            assertThat((BigDecimal) entry(r.entryId()).get("AMOUNT")).as(c.amount()).isEqualByComparingTo(c.booked());
            assertThat(r.notice()).contains(c.booked() + " " + c.currency());
        }
    }

    @Test
    void anUnreadableKofiAmountIsRefusedNamingTheDelivery() {
        for (String amount : List.of("1.250,00", "three", "-3.00", "1,25.00", "$3.00", "3,00")) {
            String tx = Payloads.uuid();
            String payload = Payloads.kofi(null, "Donation", tx, true, "Ann", null, amount, "EUR", "2026-11-21T13:04:30Z");
            String messageId = JSON.readTree(payload).get("message_id").asString();
            assertThatThrownBy(() -> kofi(payload)).as(amount).isInstanceOf(ConnectorFailure.BadInput.class)
                    .hasMessageContaining("message_id " + messageId).hasMessageContaining(tx)
                    .hasMessageContaining("\"" + amount + "\"").hasMessageContaining("nothing was recorded");
        }
        assertThat(entries()).isZero();
    }

    @Test
    void aFreeMemberIsNeitherIncomeNorAnActiveMember() {
        String member = Payloads.uuid();
        DonationRecorder.Recorded joined = patreon("members:create", Payloads.patreonFreeMember(member));
        assertThat(joined.entryId()).isNull();
        assertThat(joined.announce()).isFalse();
        assertThat(member(member)).containsEntry("PATRON_STATUS", null).containsEntry("TIER", "Free");
        assertThat(summary(new DonationProperties.Funding(null, null, null, "UTC")).activeMembers()).isZero();
    }

    @Test
    void aKofiMembershipIsOneEntryPerMonthlyPayment() {
        DonationRecorder.Recorded first = recorder.record("kofi", "Subscription", JSON.readTree(Payloads.kofi(null,
                "Subscription", Payloads.uuid(), true, "Cara", "Happy to help", "5.00", "EUR", "2026-10-03T10:00:00Z")));
        DonationRecorder.Recorded later = recorder.record("kofi", "Subscription", JSON.readTree(
                Payloads.kofiSubscriptionPayment(null, Payloads.uuid(), "Cara", "5.00", "EUR", "2026-11-03T10:00:00Z", "Bronze")));
        assertThat(later.fresh()).isTrue();
        assertThat(later.entryId()).isNotEqualTo(first.entryId());
        assertThat(later.notice()).startsWith(":tada: New Ko-fi membership payment: *5.00 EUR* from *Cara* (tier Bronze)");
        assertThat(entry(later.entryId())).containsEntry("KIND", "recurring").containsEntry("CADENCE_MONTHS", 1);
        assertThat(summary(new DonationProperties.Funding(null, null, null, "UTC")).currencies().get("EUR")
                .recurringMonthly()).isEqualByComparingTo("5.00");
    }

    @Test
    void fundingFiguresForAKnownLedgerKeepCurrenciesApartUnlessRatesAreConfigured() {
        kofi(Payloads.kofi(null, "Donation", Payloads.uuid(), true, "Ann", null, "10.00", "EUR", "2026-11-05T10:00:00Z"));
        kofi(Payloads.kofi(null, "Donation", Payloads.uuid(), true, "ann ", null, "5.00", "EUR", "2026-03-10T10:00:00Z"));
        kofi(Payloads.kofi(null, "Donation", Payloads.uuid(), false, "Bob", null, "20.00", "USD", "2026-11-10T10:00:00Z"));
        kofi(Payloads.kofi(null, "Donation", Payloads.uuid(), true, "Dan", null, "7.00", "EUR", "2025-12-15T10:00:00Z"));
        recorder.record("kofi", "Subscription", JSON.readTree(Payloads.kofi(null, "Subscription", Payloads.uuid(), true,
                "Cara", null, "3.00", "EUR", "2026-11-01T10:00:00Z")));
        patreon("members:update", Payloads.patreonMember("m-monthly", "active_patron", "2026-11-01T09:00:00.000+00:00",
                "Paid", 500, 1, null));
        patreon("members:update", Payloads.patreonMember("m-yearly", "active_patron", "2026-10-18T09:00:00.000+00:00",
                "Paid", 1200, 12, null));
        patreon("members:update", Payloads.patreonMember("m-refunded", "former_patron", "2026-11-02T09:00:00.000+00:00",
                "Refunded", 900, 1, null));

        DonationProperties.Funding funding = new DonationProperties.Funding(new DonationProperties.Expenses(
                Map.of("EUR", new BigDecimal("100")), Map.of("eur", new BigDecimal("240"))), null, null, "UTC");
        FundingSummary.Summary s = summary(funding);

        FundingSummary.Figures eur = s.currencies().get("EUR");
        assertThat(eur.incomeThisMonth()).isEqualByComparingTo("18.00");
        assertThat(eur.incomeThisYear()).isEqualByComparingTo("35.00");
        assertThat(eur.recurringMonthly()).isEqualByComparingTo("9.00");
        assertThat(eur.expensesPerMonth()).isEqualByComparingTo("120.00");
        assertThat(eur.coveragePercent()).isEqualTo(8);
        FundingSummary.Figures usd = s.currencies().get("USD");
        assertThat(usd.incomeThisMonth()).isEqualByComparingTo("20.00");
        assertThat(usd.recurringMonthly()).isEqualByComparingTo("0.00");
        assertThat(usd.coveragePercent()).isNull();
        assertThat(s.total()).as("no rates, no mixing").isNull();
        assertThat(s.activeMembers()).isEqualTo(3);
        assertThat(s.oneOffDonors()).as("Ann twice, Bob").isEqualTo(2);
        assertThat(s.months()).hasSize(12);
        assertThat(s.months().get(0).month()).isEqualTo("2025-12");
        assertThat(s.months().get(0).income()).containsOnlyKeys("EUR");
        assertThat(s.months().get(0).income().get("EUR")).isEqualByComparingTo("7.00");
        assertThat(s.months().get(11).income()).containsOnlyKeys("EUR", "USD");
        assertThat(s.months().get(11).expenses().get("EUR")).isEqualByComparingTo("120.00");

        FundingSummary.Summary converted = summary(new DonationProperties.Funding(funding.expenses(), "EUR",
                Map.of("USD", new BigDecimal("0.5")), "UTC"));
        assertThat(converted.total().currency()).isEqualTo("EUR");
        assertThat(converted.total().figures().incomeThisMonth()).isEqualByComparingTo("28.00");
        assertThat(converted.total().figures().coveragePercent()).isEqualTo(8);
        assertThat(converted.total().notConverted()).isEmpty();

        String page = FundingPage.render(s);
        assertThat(page).contains("<svg").contains("18.00 EUR").contains("8 %").contains("3 active members")
                .doesNotContain("Ann").doesNotContain("Bob").doesNotContain("<script").doesNotContain("http://")
                .doesNotContain("https://");
    }

    @Test
    void ratesWithoutATargetCurrencyStopTheStart() {
        assertThatThrownBy(() -> new DonationProperties.Funding(null, null, Map.of("USD", BigDecimal.ONE), "UTC"))
                .isInstanceOf(org.fediflow.shared.InvalidConfiguration.class).hasMessageContaining("fediflow.funding.currency");
    }

    FundingSummary.Summary summary(DonationProperties.Funding funding) {
        DonationProperties properties = new DonationProperties(new DonationProperties.Patreon("EUR"),
                new DonationProperties.Donations(false, "thanks"), funding);
        return new FundingSummary(ledger, properties, java.time.Clock.systemUTC())
                .at(java.time.Instant.parse("2026-11-20T12:00:00Z"));
    }

    Map<String, Object> member(String id) {
        return jdbc.queryForMap("SELECT * FROM donor_member WHERE member_id = ?", id);
    }

    /** Everything the ledger says, without row ids and our own timestamps. */
    List<Map<String, Object>> ledgerState() {
        List<Map<String, Object>> rows = new ArrayList<>(jdbc.queryForList(
                "SELECT source, external_id, member_id, charge_date, occurred_at, donor_name, is_public, amount, currency, "
                        + "kind, cadence_months, tier, status FROM donation_entry ORDER BY external_id"));
        rows.addAll(jdbc.queryForList("SELECT member_id, patron_status, currently_entitled_amount_cents, currency, "
                + "pledge_cadence, tier, updated_at, snapshot_version FROM donor_member ORDER BY member_id"));
        return rows;
    }
}
