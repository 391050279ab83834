/**
 * Reports to moderators: the Slack message of a report and the record of decisions, used by
 * {@code bpmn/report-to-moderators.bpmn}.
 */
package org.fediflow.moderation;
