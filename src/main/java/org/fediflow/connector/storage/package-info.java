/**
 * Object storage: an S3-compatible bucket (Backblaze B2) configured with {@code fediflow.storage.*}, written with
 * streaming multipart uploads of unknown length and read, listed and deleted by the backup flows.
 */
@org.springframework.modulith.NamedInterface("storage")
package org.fediflow.connector.storage;
