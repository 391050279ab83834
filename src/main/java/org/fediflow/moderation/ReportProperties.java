package org.fediflow.moderation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param escalateAfter   a report nobody acted on gets a thread reply mentioning the escalation group after this
 * @param escalationGroup Slack user group id ({@code S…}) mentioned when escalating; without it {@code @here}
 */
@ConfigurationProperties("fediflow.reports")
public record ReportProperties(@DefaultValue("12h") Duration escalateAfter, String escalationGroup) {
}
