package org.fediflow.connector.mastodon;

import org.fediflow.connector.Doc;

import jakarta.validation.constraints.NotBlank;

/** Names one report, e.g. {@code ${event.object.id}} from a report.created webhook. */
public record ReportInput(
        @Doc("Id of the report, e.g. ${event.object.id}")
        @NotBlank String reportId) {
}
