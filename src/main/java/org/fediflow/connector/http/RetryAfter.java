package org.fediflow.connector.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** {@code Retry-After} as seconds or an HTTP date (RFC 9110 §10.2.3), as a wait of at least one second. */
public final class RetryAfter {

    private static final Duration MIN = Duration.ofSeconds(1);

    private RetryAfter() {
    }

    public static Optional<Duration> parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        Duration wait;
        if (v.matches("\\d{1,9}")) {
            wait = Duration.ofSeconds(Long.parseLong(v));
        } else {
            try {
                wait = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        return Optional.of(wait.compareTo(MIN) < 0 ? MIN : wait);
    }
}
