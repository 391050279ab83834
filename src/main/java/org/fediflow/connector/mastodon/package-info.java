/**
 * Mastodon's admin and status API as connector steps, over a small typed client.
 * Exposed as a named interface so flow modules (moderation, onboarding) may build on it.
 */
@org.springframework.modulith.NamedInterface("mastodon")
package org.fediflow.connector.mastodon;
