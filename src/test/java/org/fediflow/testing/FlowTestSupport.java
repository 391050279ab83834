package org.fediflow.testing;

import org.flowable.engine.HistoryService;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The setup every test of a shipped flow driven from the outside shares: the whole application on a random port with
 * a fresh H2 database, tokens for the Slack and Mastodon fakes, a quick inbox, retries and timers, and the engine's
 * services. A flow test adds its own settings with {@code @TestPropertySource} and its fakes and diagrams with its
 * own {@code @DynamicPropertySource}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fediflow.admin.password=test-admin-pw",
        "fediflow.mastodon.access-token=" + FakeMastodon.TOKEN,
        "fediflow.slack.bot-token=" + FakeSlack.BOT_TOKEN,
        "fediflow.slack.moderators=U0MODERATOR",
        "fediflow.inbox.poll-interval=100ms",
        "fediflow.workflow.retry-wait=1s",
        "flowable.process.async.executor.default-timer-job-acquire-wait-time=300ms"})
public abstract class FlowTestSupport {

    @DynamicPropertySource
    static void freshDatabase(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + TestDiagrams.tempFolder() + "/fediflow");
    }

    @LocalServerPort
    protected int port;
    @Autowired
    protected HistoryService history;
    @Autowired
    protected RepositoryService repository;
    @Autowired
    protected RuntimeService runtime;
    @Autowired
    protected ManagementService management;
    @Autowired
    protected JdbcTemplate jdbc;
    protected Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    /** Points the application at the fakes. */
    protected static void fakes(DynamicPropertyRegistry registry, FakeSlack slack, FakeMastodon mastodon) {
        registry.add("fediflow.slack.api-url", slack::apiUrl);
        registry.add("fediflow.mastodon.base-url", mastodon::baseUrl);
    }
}
