package org.fediflow.connector.mastodon;

import jakarta.validation.constraints.NotBlank;

/** Names one report, e.g. {@code ${event.object.id}} from a report.created webhook. */
public record ReportInput(@NotBlank String reportId) {
}
