package org.fediflow.connector.mail;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The sender of {@code mail.send}; the SMTP server itself is Spring Boot's {@code spring.mail.*} (host, port, username,
 * password, {@code properties.mail.smtp.starttls.enable}, or {@code protocol: smtps} for TLS from the start).
 *
 * @param from the From address, e.g. {@code Fediflow <fediflow@example.social>}; without it {@code spring.mail.username}
 */
@ConfigurationProperties("fediflow.mail")
public record MailProperties(String from) {
}
