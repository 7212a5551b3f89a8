package org.affinityensemble.storage;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where the system keeps its objects (materialised datasets, adapters, ensemble manifests): one bucket of an
 * S3-compatible store. Implementations are thread-safe.
 */
public interface ObjectStore {

    /** The bucket this store writes to. */
    String bucket();

    /** Writes (or overwrites) an object. */
    void put(String key, byte[] content, String contentType);

    /** Writes (or overwrites) an object from a stream of known size; large objects go up in parts. */
    void put(String key, InputStream content, long size, String contentType);

    /** Reads a whole object, or empty if there is none under the key. */
    Optional<byte[]> find(String key);

    /** Reads a whole object that must exist. */
    default byte[] get(String key) {
        return find(key).orElseThrow(() -> new ObjectStoreException("no object " + bucket() + "/" + key));
    }

    /** Opens an object for streaming; the caller closes the stream. */
    InputStream open(String key);

    boolean exists(String key);

    /** The keys under a prefix, recursively, in lexicographic order. */
    List<String> list(String prefix);

    void delete(String key);
}
