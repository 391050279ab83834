package org.fediflow.inbox;

import java.util.Optional;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.request.builtin.BlockActionRequest;

import org.fediflow.audit.Audit;
import org.fediflow.connector.slack.SlackProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What Bolt hands over from Slack: a button press by a moderator, or {@code /fediflow backup}, is stored in the
 * inbox like any webhook (the dispatcher turns it into a BPMN message), audited, and answered at once; a refusal
 * or a failed store is answered privately through {@link SlackReplies}.
 */
@Component
class SlackActions {

    private static final Logger log = LoggerFactory.getLogger(SlackActions.class);

    private final SlackProperties slack;
    private final InboxStore store;
    private final Audit audit;
    private final SlackReplies replies;

    SlackActions(SlackProperties slack, InboxStore store, Audit audit, SlackReplies replies) {
        this.slack = slack;
        this.store = store;
        this.audit = audit;
        this.replies = replies;
    }

    /**
     * {@code /fediflow backup} by a moderator is stored like a press and becomes the message
     * {@code slack.command.backup}, which starts the backup diagram; anything else gets a short help.
     */
    String command(SlashCommandPayload payload, InboxDispatcher dispatcher) {
        String text = payload.getText() == null ? "" : payload.getText().trim().toLowerCase(java.util.Locale.ROOT);
        if (!text.equals("backup")) {
            return "Fediflow acts through the buttons on its messages; runs and incidents are in the console."
                    + " `/fediflow backup` starts a backup now.";
        }
        String who = "slack:@" + payload.getUserName() + " (" + payload.getUserId() + ")";
        if (payload.getUserId() == null || !slack.moderators().contains(payload.getUserId())) {
            audit.record(who, "slack:command.backup", "process:backup", "refused: not one of fediflow.slack.moderators");
            return "You are not allowed to do this: your Slack user is not one of Fediflow's moderators.";
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("action", "command.backup");
        body.putObject("user").put("id", payload.getUserId()).put("name", payload.getUserName());
        body.put("channel", payload.getChannelId());
        try {
            Optional<Long> id = store.insert(SlackInbound.SOURCE, new Verdict.Accept("command.backup", true,
                    "command:" + payload.getTriggerId(), null, body.toString()));
            if (id.isPresent()) {
                dispatcher.nudge();
            }
            audit.record(who, "slack:command.backup", "process:backup", id.isPresent() ? "accepted" : "duplicate");
            return "Backup started; its summary will be posted in the ops channel.";
        } catch (DataAccessException e) {
            log.warn("slack command backup not stored: {}", e.getMostSpecificCause().toString());
            audit.record(who, "slack:command.backup", "process:backup", "not stored: database unavailable");
            return "Fediflow could not record this just now. Please try again in a minute.";
        }
    }

    void press(BlockActionRequest request, InboxDispatcher dispatcher) {
        BlockActionPayload payload = request.getPayload();
        if (payload.getActions() == null || payload.getActions().isEmpty() || payload.getUser() == null
                || payload.getUser().getId() == null) {
            return; // nobody to act for (the moderator list cannot even be asked about null)
        }
        BlockActionPayload.Action action = payload.getActions().get(0);
        String user = payload.getUser().getId();
        String channel = payload.getChannel() != null ? payload.getChannel().getId()
                : payload.getContainer() != null ? payload.getContainer().getChannelId() : null;
        if (action.getActionId() == null || action.getValue() == null) {
            return; // a link button (Open in Mastodon): nothing to do
        }
        // The audit trail names the press by the button's action and the business key it carries (the run's).
        String who = "slack:@" + payload.getUser().getUsername() + " (" + user + ")";
        String pressed = "slack:" + action.getActionId();
        String target = "key:" + action.getValue();
        if (!slack.moderators().contains(user)) {
            log.info("slack press {} by {} refused: not in fediflow.slack.moderators", action.getActionId(), user);
            audit.record(who, pressed, target, "refused: not one of fediflow.slack.moderators");
            replies.replyPrivately(channel, user, "You are not allowed to do this: your Slack user is not one of Fediflow's moderators.");
            return;
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("action", action.getActionId());
        body.put("value", action.getValue());
        body.putObject("user").put("id", user).put("name", payload.getUser().getUsername());
        body.put("channel", channel);
        body.put("messageTs", payload.getContainer() != null ? payload.getContainer().getMessageTs() : null);
        body.put("actionTs", action.getActionTs());
        String dedupe = action.getActionTs() + ":" + user + ":" + action.getActionId();
        try {
            Optional<Long> id = store.insert(SlackInbound.SOURCE, new Verdict.Accept(action.getActionId(), true, dedupe,
                    action.getValue(), body.toString()));
            if (id.isPresent()) {
                dispatcher.nudge();
            }
            audit.record(who, pressed, target, id.isPresent() ? "accepted" : "duplicate (Slack sent it again)");
        } catch (DataAccessException e) {
            log.warn("slack press {} not stored: {}", action.getActionId(), e.getMostSpecificCause().toString());
            audit.record(who, pressed, target, "not stored: database unavailable; asked to press again");
            replies.replyPrivately(channel, user, "Fediflow could not record this press just now. Please press again in a minute.");
        }
    }
}
