package org.affinityensemble.storage;

/** An object store request failed (unreachable endpoint, refused credentials, missing object). */
public class ObjectStoreException extends RuntimeException {

    public ObjectStoreException(String message) {
        super(message);
    }

    public ObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
