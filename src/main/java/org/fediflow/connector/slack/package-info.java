/**
 * Slack's Web API as connector steps (post, update, reply, ephemeral) and {@link org.fediflow.connector.slack.SlackText},
 * the escaping and Block Kit limits every message built from Mastodon text goes through.
 * Exposed as a named interface so flow modules (moderation, onboarding, donations) may build on it.
 */
@org.springframework.modulith.NamedInterface("slack")
package org.fediflow.connector.slack;
