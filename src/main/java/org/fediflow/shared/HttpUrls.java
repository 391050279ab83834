package org.fediflow.shared;

import java.net.URI;
import java.net.URISyntaxException;

/** Start-up checks of configured URLs: absolute http(s) with a host, or an {@link InvalidConfiguration}. */
public final class HttpUrls {

    private HttpUrls() {
    }

    /** @return the value unchanged; null and blank pass (the property is simply unset) */
    public static String check(String property, String value) {
        if (value == null || value.isBlank()) {
            return value;
        }
        try {
            URI uri = new URI(value.trim());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new InvalidConfiguration(property, "'" + value + "' is not an http(s) URL with a host");
            }
            return value.trim();
        } catch (URISyntaxException e) {
            throw new InvalidConfiguration(property, "'" + value + "' is not a URL: " + e.getReason());
        }
    }
}
