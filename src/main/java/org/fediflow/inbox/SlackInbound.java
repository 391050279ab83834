package org.fediflow.inbox;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.slack.api.Slack;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.jakarta_servlet.SlackAppServlet;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.fediflow.connector.slack.SlackProperties;
import org.fediflow.connector.slack.SlackWebApi;
import org.fediflow.shared.Lazy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * {@code POST /slack/events}: our signature filter, then Bolt, whose handlers are {@link SlackActions}. A button
 * press by a moderator is stored in the inbox like any webhook and acknowledged at once; the dispatcher turns it
 * into the BPMN message {@code slack.<action_id>} for the run whose business key is the button's value. Slow work
 * (Slack replies, {@link SlackReplies}) happens after the ack, on the {@value #REPLIES} executor.
 */
@Configuration(proxyBeanMethods = false)
class SlackInbound {

    static final String SOURCE = "slack";
    static final String PATH = "/slack/events";
    /** The executor of the private replies: one thread, stopped with the context. */
    static final String REPLIES = "slackReplyExecutor";
    private static final Logger log = LoggerFactory.getLogger(SlackInbound.class);
    private static final Pattern ANY = Pattern.compile(".*");

    /** Not a default candidate: Boot's own task executor stays the application's executor. */
    @Bean(name = REPLIES, defaultCandidate = false)
    ThreadPoolTaskExecutor slackReplyExecutor() {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(1);
        executor.setMaxPoolSize(1);
        executor.setDaemon(true);
        executor.setThreadNamePrefix("slack-replies-");
        return executor;
    }

    @Bean
    FilterRegistrationBean<SlackSignatureFilter> slackSignatureFilter(SlackProperties slack, InboxProperties inbox,
                                                                      Clock clock) {
        FilterRegistrationBean<SlackSignatureFilter> registration = new FilterRegistrationBean<>(
                new SlackSignatureFilter(new SlackRequestVerifier(slack.signingSecret(), clock), inbox.inbox().maxBody().toBytes()));
        registration.addUrlPatterns(PATH);
        return registration;
    }

    @Bean
    ServletRegistrationBean<SlackEvents> slackEvents(SlackProperties slack, SlackActions actions,
                                                     InboxDispatcher dispatcher) {
        SlackEvents events = new SlackEvents(() -> {
            // Bolt's own Slack client would keep API statistics on threads ("slack-api-metrics") nobody stops.
            AppConfig config = AppConfig.builder().signingSecret(slack.signingSecret())
                    .slack(Slack.getInstance(SlackWebApi.configWithoutStatistics())).build();
            // No default middleware: the signature is checked by SlackSignatureFilter, and Bolt's authorization
            // would call auth.test at start, tying Fediflow's start to Slack being reachable.
            App app = new App(config, List.of());
            app.blockAction(ANY, (request, context) -> {
                actions.press(request, dispatcher);
                return context.ack();
            });
            app.command(ANY, (request, context) -> context.ack(actions.command(request.getPayload(), dispatcher)));
            return new SlackAppServlet(app);
        });
        if (slack.signingSecret() != null && !slack.signingSecret().isBlank()) {
            // Built beside the start, so that the first button press after it does not wait for it.
            Thread build = new Thread(events::bolt, "slack-events-build");
            build.setDaemon(true);
            build.start();
        }
        return new ServletRegistrationBean<>(events, PATH);
    }

    /**
     * Bolt, built at its first use: building it builds an HTTP client for Slack (OkHttp, TLS and the JDK's trusted
     * certificates), about 0.3 s of a start and 600 classes, which a node without Slack's signing secret never uses
     * (its signature filter refuses every request before it gets here).
     *
     * <p>Bolt's servlet lets a body it cannot parse (bad percent-escapes, broken payload JSON, a payload without a
     * user) escape as an exception, which the container turns into a 500; what goes wrong in a handler Bolt
     * catches and answers itself. So what escapes here is a malformed request, even when correctly signed: a 400.
     */
    static final class SlackEvents extends HttpServlet {

        private final transient Lazy<SlackAppServlet> bolt;

        SlackEvents(Supplier<SlackAppServlet> build) {
            this.bolt = new Lazy<>(build);
        }

        boolean built() {
            return bolt.built();
        }

        SlackAppServlet bolt() {
            return bolt.get();
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response)
                throws ServletException, IOException {
            try {
                bolt().service(request, response);
            } catch (RuntimeException e) {
                log.info("slack request refused as malformed: {}", e.getMessage());
                if (!response.isCommitted()) {
                    response.sendError(HttpServletResponse.SC_BAD_REQUEST, "malformed Slack request");
                }
            }
        }
    }
}
