package org.fediflow.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.fediflow.connector.slack.SlackProperties;
import org.junit.jupiter.api.Test;

/** Bolt behind {@code /slack/events} is built beside the start only when Slack can call; otherwise at its first use. */
class SlackEventsTest {

    private static SlackProperties slack(String signingSecret) {
        return new SlackProperties("https://slack.com/api/", null, signingSecret,
                new SlackProperties.Channels(null, null, null, null), List.of(), Duration.ofSeconds(15));
    }

    @Test
    void onlyANodeSlackCanCallBuildsBoltBesideTheStart() {
        SlackInbound.SlackEvents unconfigured = new SlackInbound().slackEvents(slack(null), null, null).getServlet();
        SlackInbound.SlackEvents configured = new SlackInbound().slackEvents(slack("signing-secret"), null, null)
                .getServlet();

        await().atMost(Duration.ofSeconds(20)).until(configured::built);
        // Set up first, so it had at least the time the configured node's build took.
        assertThat(unconfigured.built()).isFalse();
    }
}
