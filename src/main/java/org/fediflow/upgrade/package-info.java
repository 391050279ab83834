/**
 * Mastodon upgrade rollouts: the release watch (GitHub releases and Mastodon's update-check service), one
 * {@code upgrade-rollout} run per version, the rollout plan over the inventory, and the host steps (pull, migrate,
 * restart one host at a time with health checks, roll back) built on {@code connector.hosts}.
 */
package org.fediflow.upgrade;
