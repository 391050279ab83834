package org.fediflow.testing;

import java.nio.file.Path;

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
 * The one setup of the tests that drive the whole application from the outside: it on a random port with a fresh H2
 * database, the shipped diagrams they drive (and the test diagrams named below), one Slack and one Mastodon fake, the
 * secrets, channels and sources those need, a quick inbox, job executor, retries and timers, and the engine's
 * services. A subclass adds no settings, fakes or diagrams of its own, so all of them share one Spring context (one
 * start per test JVM instead of one per class); each test tells its runs apart by their own ids, never by counting
 * everything the fakes or the engine hold (a diagram it adds to {@link #BPMN_DIR} has a name of its own, an incident is
 * counted per business key). A test whose settings would change what the others see (another clock, a diagrams folder
 * whose whole content it controls, a second port, alerts, a PostgreSQL database) keeps a context of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fediflow.admin.password=test-admin-pw",
        "fediflow.mastodon.access-token=" + FakeMastodon.TOKEN,
        "fediflow.mastodon.webhook-secret=" + FlowTestSupport.WEBHOOK_SECRET,
        "fediflow.slack.bot-token=" + FakeSlack.BOT_TOKEN,
        "fediflow.slack.signing-secret=" + FlowTestSupport.SIGNING_SECRET,
        "fediflow.slack.moderators=U0MODERATOR",
        "fediflow.slack.channels.moderation=" + FakeSlack.CHANNEL,
        "fediflow.slack.channels.onboarding=" + FlowTestSupport.ONBOARDING_CHANNEL,
        "fediflow.reports.escalation-group=S0MODS",
        "fediflow.reports.escalate-after=2s",
        "fediflow.onboarding.remind-after=2s",
        "fediflow.onboarding.welcome-template=Welcome to {server}, {display_name}! Rules: {rules}",
        "fediflow.trusted-proxies=127.0.0.1, 10.0.0.0/8",
        "fediflow.sources.proxied.auth=none",
        "fediflow.sources.proxied.allowed-ips=203.0.113.7",
        "fediflow.sources.uptime.auth=token",
        "fediflow.sources.uptime.header=X-Uptime-Token",
        "fediflow.sources.uptime.secret=" + FlowTestSupport.UPTIME_TOKEN,
        "fediflow.sources.uptime.event-pointer=/heartbeat/status",
        "fediflow.alerts.enabled=false",
        "fediflow.workflow.job-lock-time=2s",
        "flowable.process.async.executor.default-async-job-acquire-wait-time=200ms",
        "fediflow.inbox.poll-interval=100ms",
        "fediflow.workflow.retry-wait=1s",
        "flowable.process.async.executor.default-timer-job-acquire-wait-time=300ms"})
public abstract class FlowTestSupport {

    public static final String WEBHOOK_SECRET = "flow-test-webhook-secret";
    public static final String SIGNING_SECRET = "flow-test-signing-secret";
    public static final String ONBOARDING_CHANNEL = "C0ONBOARD";
    public static final String UPTIME_TOKEN = "uptime-shared-token";
    /** Started once and shared by every flow test in the JVM, like the context; closed when the JVM exits. */
    protected static final FakeSlack SLACK = new FakeSlack();
    protected static final FakeMastodon MASTODON = new FakeMastodon();
    /** The diagrams folder of the shared context: a test that adds or deletes a diagram there uses its own ids. */
    protected static final Path BPMN_DIR = TestDiagrams.with(
            TestDiagrams.shipped("report-to-moderators.bpmn", "new-user-onboarding.bpmn"),
            "slow-step.bpmn", "flaky-steps.bpmn", "monitor-alert.bpmn");

    @DynamicPropertySource
    static void sharedSetup(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + TestDiagrams.tempFolder() + "/fediflow");
        registry.add("fediflow.bpmn.dir", BPMN_DIR::toString);
        registry.add("fediflow.slack.api-url", SLACK::apiUrl);
        registry.add("fediflow.mastodon.base-url", MASTODON::baseUrl);
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

    /**
     * Incidents (dead-letter jobs) of the runs with this business key: a test counts its own, since others on the
     * shared context leave theirs on purpose.
     */
    protected long incidents(String businessKey) {
        return history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(businessKey).list().stream()
                .mapToLong(run -> management.createDeadLetterJobQuery().processInstanceId(run.getId()).count()).sum();
    }

}
