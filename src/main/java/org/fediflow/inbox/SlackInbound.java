package org.fediflow.inbox;

import org.fediflow.shared.Json;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.App;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.jakarta_servlet.SlackAppServlet;
import com.slack.api.bolt.request.builtin.BlockActionRequest;

import org.fediflow.audit.Audit;
import org.fediflow.connector.slack.SlackProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.fediflow.connector.slack.SlackWebApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /slack/events}: our signature filter, then Bolt. A button press by a moderator is stored in the
 * inbox like any webhook and acknowledged at once; the dispatcher turns it into the BPMN message
 * {@code slack.<action_id>} for the run whose business key is the button's value. Slow work (Slack replies)
 * happens after the ack, on a background thread.
 */
@Configuration(proxyBeanMethods = false)
class SlackInbound implements IgnoredDeliveryListener {

    static final String SOURCE = "slack";
    static final String PATH = "/slack/events";
    private static final Logger log = LoggerFactory.getLogger(SlackInbound.class);
    private static final Pattern ANY = Pattern.compile(".*");

    private final SlackProperties slack;
    private final SlackWebApi api;
    private final InboxStore store;
    private final Audit audit;
    private final ExecutorService replies = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "slack-replies");
        t.setDaemon(true);
        return t;
    });

    SlackInbound(SlackProperties slack, SlackWebApi api, InboxStore store, Audit audit) {
        this.slack = slack;
        this.api = api;
        this.store = store;
        this.audit = audit;
    }

    @Bean
    FilterRegistrationBean<SlackSignatureFilter> slackSignatureFilter(InboxProperties inbox, Clock clock) {
        FilterRegistrationBean<SlackSignatureFilter> registration = new FilterRegistrationBean<>(
                new SlackSignatureFilter(new SlackRequestVerifier(slack.signingSecret(), clock), inbox.inbox().maxBody().toBytes()));
        registration.addUrlPatterns(PATH);
        return registration;
    }

    @Bean
    ServletRegistrationBean<SlackAppServlet> slackEvents(InboxDispatcher dispatcher) {
        // Bolt's own Slack client would keep API statistics on threads ("slack-api-metrics") nobody stops.
        SlackConfig quiet = new SlackConfig();
        quiet.setStatsEnabled(false);
        AppConfig config = AppConfig.builder().signingSecret(slack.signingSecret()).slack(Slack.getInstance(quiet)).build();
        // No default middleware: the signature is checked by SlackSignatureFilter, and Bolt's authorization
        // would call auth.test at start, tying Fediflow's start to Slack being reachable.
        App app = new App(config, List.of());
        app.blockAction(ANY, (request, context) -> {
            press(request, dispatcher);
            return context.ack();
        });
        app.command(ANY, (request, context) -> context.ack(command(request.getPayload(), dispatcher)));
        return new ServletRegistrationBean<>(new MalformedRequestsRefused(app), PATH);
    }

    /**
     * Bolt's servlet lets a body it cannot parse (bad percent-escapes, broken payload JSON, a payload without a
     * user) escape as an exception, which the container turns into a 500; what goes wrong in a handler Bolt
     * catches and answers itself. So what escapes here is a malformed request, even when correctly signed: a 400.
     */
    static final class MalformedRequestsRefused extends SlackAppServlet {

        MalformedRequestsRefused(App app) {
            super(app);
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            try {
                super.doPost(request, response);
            } catch (RuntimeException e) {
                log.info("slack request refused as malformed: {}", e.getMessage());
                if (!response.isCommitted()) {
                    response.sendError(HttpServletResponse.SC_BAD_REQUEST, "malformed Slack request");
                }
            }
        }
    }

    /**
     * {@code /fediflow backup} by a moderator is stored like a press and becomes the message
     * {@code slack.command.backup}, which starts the backup diagram; anything else gets a short help.
     */
    private String command(SlashCommandPayload payload, InboxDispatcher dispatcher) {
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
            Optional<Long> id = store.insert(SOURCE, new Verdict.Accept("command.backup", true,
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

    private void press(BlockActionRequest request, InboxDispatcher dispatcher) {
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
            replyPrivately(channel, user, "You are not allowed to do this: your Slack user is not one of Fediflow's moderators.");
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
            Optional<Long> id = store.insert(SOURCE, new Verdict.Accept(action.getActionId(), true, dedupe,
                    action.getValue(), body.toString()));
            if (id.isPresent()) {
                dispatcher.nudge();
            }
            audit.record(who, pressed, target, id.isPresent() ? "accepted" : "duplicate (Slack sent it again)");
        } catch (DataAccessException e) {
            log.warn("slack press {} not stored: {}", action.getActionId(), e.getMostSpecificCause().toString());
            audit.record(who, pressed, target, "not stored: database unavailable; asked to press again");
            replyPrivately(channel, user, "Fediflow could not record this press just now. Please press again in a minute.");
        }
    }

    /** A press that reached no waiting run: the decision was already taken, or the run is gone. */
    @Override
    public void ignored(String source, String eventType, String body) {
        if (!SOURCE.equals(source)) {
            return;
        }
        var json = Json.parse(body);
        replyPrivately(Json.string(json, "channel"), Json.scalarAt(json, "/user/id"),
                "Nothing changed: this item is already closed or decided.");
    }

    private void replyPrivately(String channel, String user, String text) {
        if (channel == null || user == null) {
            return;
        }
        replies.submit(() -> {
            try {
                api.postEphemeral(channel, user, text, null);
            } catch (RuntimeException e) {
                log.warn("ephemeral reply to {} in {} failed: {}", user, channel, e.getMessage());
            }
        });
    }
}
