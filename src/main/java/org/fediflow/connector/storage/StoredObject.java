package org.fediflow.connector.storage;

import java.time.Instant;

/**
 * An object in the bucket.
 *
 * @param key    full key including the prefix
 * @param size   bytes
 * @param sha256 hex SHA-256 of the stored bytes (from our metadata), or null when unknown
 */
public record StoredObject(String key, long size, String sha256, Instant lastModified) {
}
