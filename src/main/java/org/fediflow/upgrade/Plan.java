package org.fediflow.upgrade;

import java.util.List;

import org.fediflow.connector.Doc;

import tools.jackson.databind.JsonNode;

/**
 * One rollout as decided at its start (variable {@code plan}).
 *
 * @param version         {@code 4.3.2}, a checked stable release number
 * @param previousVersion what the instance ran before, where a rollback goes back to
 * @param deadline        publication + {@code fediflow.upgrade.deadline} (or {@code urgent-deadline}), ISO-8601
 * @param hosts           every host with a Mastodon role, in inventory order (the pull order)
 * @param webHosts        restarted one at a time, each healthy before the next
 * @param management      where the migrations and extra commands run
 * @param healthInterval  ISO-8601 pause between health checks, for the diagram's timer
 * @param text            the announcement (Slack mrkdwn), {@code blocks} the same with the approval buttons
 * @param askBlocks       the approval buttons again, after a "later"
 */
record Plan(
        @Doc("The release")
        String version,
        @Doc("The running release")
        String previousVersion,
        @Doc("Flagged urgent (security)")
        boolean urgent,
        @Doc("major, minor or patch")
        String type,
        @Doc("The release notes")
        String notesUrl,
        @Doc("ISO-8601 publication time")
        String publishedAt,
        @Doc("ISO-8601")
        String deadline,
        @Doc("Commands only recorded")
        boolean dryRun,
        @Doc("Approved by policy")
        boolean autoApproved,
        @Doc("Hosts to pull on")
        List<String> hosts,
        @Doc("Restarted one at a time")
        List<String> webHosts,
        @Doc("Then these")
        List<String> sidekiqHosts,
        @Doc("Then these")
        List<String> streamingHosts,
        @Doc("Where migrations run")
        String management,
        @Doc("ISO-8601 pause between health checks")
        String healthInterval,
        @Doc(value = "The announcement", type = Doc.Type.TEXT)
        String text,
        @Doc("The announcement with buttons")
        JsonNode blocks,
        @Doc("The buttons again")
        JsonNode askBlocks) {
}
