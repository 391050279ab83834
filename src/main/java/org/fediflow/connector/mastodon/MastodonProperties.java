package org.fediflow.connector.mastodon;

import java.time.Duration;

import org.fediflow.shared.HttpUrls;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Fediflow reaches the Mastodon instance it automates.
 *
 * @param baseUrl     the instance, e.g. {@code https://vmst.io}; without it every Mastodon step fails with a clear incident
 * @param accessToken token of the automation account (admin scopes); never logged, masked in {@link #toString()}
 * @param timeout     connect and request timeout of each call
 */
@ConfigurationProperties("fediflow.mastodon")
public record MastodonProperties(String baseUrl, String accessToken, @DefaultValue("10s") Duration timeout) {

    public MastodonProperties {
        baseUrl = HttpUrls.check("fediflow.mastodon.base-url", baseUrl);
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    }

    @Override
    public String toString() {
        return "MastodonProperties[baseUrl=" + baseUrl + ", accessToken=" + (accessToken == null ? "null" : "********")
                + ", timeout=" + timeout + "]";
    }
}
