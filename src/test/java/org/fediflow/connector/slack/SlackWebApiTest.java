package org.fediflow.connector.slack;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class SlackWebApiTest {

    @Test
    void theSlackSdkKeepsNoStatisticsThreadsRunning() {
        SlackWebApi.configWithoutStatistics();

        // The SDK's stores stop their executors; the threads end once their scheduled work is cancelled.
        await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.isAlive() && thread.getName().startsWith("slack-api-metrics")));
    }
}
