/**
 * What an operator alerts on, as Prometheus metrics at {@code /actuator/prometheus} (bearer token
 * {@code fediflow.metrics.token}, or the management port): runs by diagram, open incidents, the inbox's queue,
 * the last backup and restore drill, Mastodon's version and rollouts. Counters of deliveries, steps and outside
 * calls are kept where they happen (inbox, workflow, connectors) under the same {@code fediflow_} names.
 */
package org.fediflow.metrics;
