package org.fediflow.connector.http;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of {@code http.request}.
 *
 * @param allowLinkLocal  true lets steps call link-local and cloud metadata addresses (169.254.0.0/16, fe80::/10,
 *                        fd00:ec2::254, metadata.google.internal…), which are refused by default: a diagram (or a
 *                        payload-built URL) must not read the machine's cloud credentials
 * @param maxResponseSize an answer larger than this is refused (an incident), so one step cannot fill the database
 * @param maxRedirects    redirects followed per call; each hop is checked like the first URL
 */
@ConfigurationProperties("fediflow.http")
public record HttpProperties(@DefaultValue("false") boolean allowLinkLocal,
                             @DefaultValue("1MB") DataSize maxResponseSize,
                             @DefaultValue("5") int maxRedirects) {

    public HttpProperties {
        maxResponseSize = maxResponseSize == null ? DataSize.ofMegabytes(1) : maxResponseSize;
    }
}
