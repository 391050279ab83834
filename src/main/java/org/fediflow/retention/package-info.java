/**
 * Bounded history: completed runs' history, stored webhook deliveries and Slack message records are deleted after
 * {@code fediflow.retention.*}, in small batches, by one node per round. Running and failed runs (a step waiting for
 * an operator) and deliveries still waiting or failed are never deleted.
 */
package org.fediflow.retention;
