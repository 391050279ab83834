package org.fediflow.connector.slack;

import java.time.Duration;
import java.util.List;

import org.fediflow.shared.HttpUrls;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Slack app Fediflow speaks as.
 *
 * @param apiUrl        Web API prefix with trailing slash; tests point it at a fake
 * @param botToken      {@code xoxb-…}; masked in {@link #toString()}
 * @param signingSecret verifies requests from Slack (inbound); masked in {@link #toString()}
 * @param channels      channel ids by purpose; a step may name the purpose instead of the id
 * @param moderators    Slack user ids allowed to press moderation and approval buttons; empty = nobody
 * @param timeout       whole-call timeout of each Web API call
 */
@ConfigurationProperties("fediflow.slack")
public record SlackProperties(@DefaultValue("https://slack.com/api/") String apiUrl, String botToken,
                              String signingSecret, @DefaultValue Channels channels, List<String> moderators,
                              @DefaultValue("10s") Duration timeout) {

    public SlackProperties {
        HttpUrls.check("fediflow.slack.api-url", apiUrl);
        apiUrl = apiUrl == null || apiUrl.isBlank() ? "https://slack.com/api/" : apiUrl.endsWith("/") ? apiUrl : apiUrl + "/";
        channels = channels == null ? new Channels(null, null, null, null) : channels;
        moderators = moderators == null ? List.of() : List.copyOf(moderators);
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    }

    public record Channels(String moderation, String onboarding, String donations, String ops) {

        static final java.util.Set<String> PURPOSES = java.util.Set.of("moderation", "onboarding", "donations", "ops");

        /** The configured channel id for a purpose name, or null when it is not set. */
        String forPurpose(String purpose) {
            return switch (purpose) {
                case "moderation" -> moderation;
                case "onboarding" -> onboarding;
                case "donations" -> donations;
                case "ops" -> ops;
                default -> null;
            };
        }
    }

    @Override
    public String toString() {
        return "SlackProperties[apiUrl=" + apiUrl + ", botToken=" + mask(botToken) + ", signingSecret="
                + mask(signingSecret) + ", channels=" + channels + ", moderators=" + moderators + ", timeout="
                + timeout + "]";
    }

    private static String mask(String secret) {
        return secret == null ? "null" : "********";
    }
}
