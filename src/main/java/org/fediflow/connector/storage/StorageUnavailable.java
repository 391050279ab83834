package org.fediflow.connector.storage;

/** The bucket could not be reached or refused a call; may succeed on a later try. */
public class StorageUnavailable extends RuntimeException {

    public StorageUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
