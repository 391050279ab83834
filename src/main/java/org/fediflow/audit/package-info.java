/**
 * The audit trail: who changed what through the console, the API or Slack's buttons, when, and with what result.
 * {@link org.fediflow.audit.Audit#record} is all a caller needs.
 */
package org.fediflow.audit;
