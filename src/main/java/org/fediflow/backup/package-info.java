/**
 * Backups (bpmn/backup.bpmn): PostgreSQL and Redis dumps streamed through age into the bucket, a manifest, the
 * media sync, retention, a summary; and {@code GET /api/backups}.
 */
package org.fediflow.backup;
