package org.fediflow.retention;

import java.time.Duration;

import org.fediflow.shared.InvalidConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code fediflow.retention.*}. */
@ConfigurationProperties("fediflow")
record RetentionProperties(@DefaultValue Retention retention) {

    /**
     * @param enabled       prune at all
     * @param runs          completed and cancelled runs' history (steps, variables) is kept this long after the run ended
     * @param deliveries    handed-over and ignored webhook deliveries (with their bodies) are kept this long
     * @param slackMessages records of posted Slack messages (for posting once) are kept this long, and never while
     *                      their run is still going
     * @param interval      how often a round of pruning is due (one node does each round)
     * @param batchSize     rows (runs) deleted per transaction
     * @param batchPause    pause between batches, so pruning a large backlog leaves the database to the live work
     */
    record Retention(@DefaultValue("true") boolean enabled, @DefaultValue("90d") Duration runs,
                     @DefaultValue("30d") Duration deliveries, @DefaultValue("90d") Duration slackMessages,
                     @DefaultValue("1h") Duration interval, @DefaultValue("500") int batchSize,
                     @DefaultValue("50ms") Duration batchPause) {

        Retention {
            positive("fediflow.retention.runs", runs);
            positive("fediflow.retention.deliveries", deliveries);
            positive("fediflow.retention.slack-messages", slackMessages);
            positive("fediflow.retention.interval", interval);
            if (batchSize < 1 || batchSize > 10_000) {
                throw new InvalidConfiguration("fediflow.retention.batch-size", "between 1 and 10000, not " + batchSize);
            }
        }

        private static void positive(String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new InvalidConfiguration(name, "a positive duration such as 30d, not " + value);
            }
        }
    }
}
