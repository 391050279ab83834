package org.fediflow.inbox;

import org.fediflow.shared.Json;
import java.util.concurrent.Executor;

import org.fediflow.connector.slack.SlackWebApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.stereotype.Component;

/**
 * Private (ephemeral) answers to a moderator in Slack, sent after the ack on the {@code slackReplyExecutor}
 * (a bean, stopped with the context), so a slow Slack never holds up a request.
 */
@Component
class SlackReplies implements IgnoredDeliveryListener {

    private static final Logger log = LoggerFactory.getLogger(SlackReplies.class);

    private final SlackWebApi api;
    private final Executor replies;

    SlackReplies(SlackWebApi api, @Qualifier(SlackInbound.REPLIES) Executor replies) {
        this.api = api;
        this.replies = replies;
    }

    /** A press that reached no waiting run: the decision was already taken, or the run is gone. */
    @Override
    public void ignored(String source, String eventType, String body) {
        if (!SlackInbound.SOURCE.equals(source)) {
            return;
        }
        var json = Json.parse(body);
        replyPrivately(Json.string(json, "channel"), Json.scalarAt(json, "/user/id"),
                "Nothing changed: this item is already closed or decided.");
    }

    void replyPrivately(String channel, String user, String text) {
        if (channel == null || user == null) {
            return;
        }
        try {
            replies.execute(() -> {
                try {
                    api.postEphemeral(channel, user, text, null);
                } catch (RuntimeException e) {
                    log.warn("ephemeral reply to {} in {} failed: {}", user, channel, e.getMessage());
                }
            });
        } catch (TaskRejectedException e) {
            log.info("ephemeral reply to {} in {} not sent: shutting down", user, channel);
        }
    }
}
