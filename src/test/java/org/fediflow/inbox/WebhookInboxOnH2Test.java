package org.fediflow.inbox;

import org.fediflow.testing.TestDiagrams;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fediflow.mastodon.webhook-secret=" + WebhookInboxContract.MASTODON_SECRET,
        "fediflow.patreon.webhook-secret=" + WebhookInboxContract.PATREON_SECRET,
        "fediflow.kofi.verification-token=" + WebhookInboxContract.KOFI_TOKEN,
        "fediflow.admin.password=test-admin-pw",
        "fediflow.inbox.poll-interval=100ms"})
class WebhookInboxOnH2Test extends WebhookInboxContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + TestDiagrams.tempFolder() + "/fediflow");
        registry.add("fediflow.bpmn.dir", () -> TestDiagrams.folderWith("inbox-report.bpmn", "kofi-donation.bpmn",
                "patreon-pledge.bpmn").toString());
    }
}
