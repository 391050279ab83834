package org.fediflow.upgrade;

import java.util.List;

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
record Plan(String version, String previousVersion, boolean urgent, String type, String notesUrl, String publishedAt,
            String deadline, boolean dryRun, boolean autoApproved, List<String> hosts, List<String> webHosts,
            List<String> sidekiqHosts, List<String> streamingHosts, String management, String healthInterval,
            String text, JsonNode blocks, JsonNode askBlocks) {
}
