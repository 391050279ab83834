package org.fediflow.donations;

import org.fediflow.testing.FakeMastodon;
import org.fediflow.testing.FakeSlack;
import org.fediflow.testing.Postgres;
import org.fediflow.testing.Slow;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same promises with the ledger on PostgreSQL. Slow lane: a context of its own on a real server;
 * {@link DonationRecordingOnH2Test} keeps the same contract in the fast lane. */
@Slow
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fediflow.patreon.webhook-secret=" + DonationRecordingContract.PATREON_SECRET,
        "fediflow.kofi.verification-token=" + DonationRecordingContract.KOFI_TOKEN,
        "fediflow.admin.password=test-admin-pw",
        "fediflow.inbox.poll-interval=100ms",
        "fediflow.slack.bot-token=" + FakeSlack.BOT_TOKEN,
        "fediflow.slack.channels.donations=C0DONATE",
        "fediflow.mastodon.access-token=" + FakeMastodon.TOKEN,
        "fediflow.donations.thank-on-mastodon=true",
        "fediflow.alerts.enabled=false",
        "fediflow.workflow.retry-wait=1s",
        "flowable.process.async.executor.default-timer-job-acquire-wait-time=500ms",
        "spring.datasource.username=postgres",
        "spring.datasource.password="})
class DonationRecordingOnPostgresTest extends DonationRecordingContract {

    static final String URL = Postgres.freshDatabase();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> URL);
    }
}
