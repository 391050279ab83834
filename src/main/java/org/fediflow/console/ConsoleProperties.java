package org.fediflow.console;

import org.fediflow.shared.HttpUrls;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param admin     the operator login for the console and {@code /api/**}
 * @param publicUrl where people reach the console; Mastodon sends them back to {@code <publicUrl>/login/oauth2/code/mastodon}
 */
@ConfigurationProperties("fediflow")
record ConsoleProperties(@DefaultValue Admin admin, @DefaultValue("http://localhost:8080") String publicUrl) {

    ConsoleProperties {
        publicUrl = publicUrl == null || publicUrl.isBlank() ? "http://localhost:8080"
                : HttpUrls.check("fediflow.public-url", publicUrl).replaceAll("/+$", "");
    }

    /**
     * @param password when unset, one is generated at first start, printed once and stored hashed
     * @param enabled  false switches the local login off (break-glass only), once Mastodon sign-in works
     */
    record Admin(@DefaultValue("admin") String username, String password, @DefaultValue("true") boolean enabled) {
    }
}
