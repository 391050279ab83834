/**
 * New-user onboarding: screening signals for a pending sign-up, its Slack card with Approve and Reject, and the one
 * welcome message per account, used by {@code bpmn/new-user-onboarding.bpmn}.
 */
package org.fediflow.onboarding;
