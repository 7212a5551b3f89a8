package org.affinityensemble.training.run;

import java.util.Optional;
import org.affinityensemble.model.train.TrainingCheckpoints;
import org.affinityensemble.storage.ObjectStore;
import org.affinityensemble.storage.ObjectStoreException;

/**
 * A run's training checkpoint in the object store, at {@link TrainingRunSpec#checkpointKey}: written after every
 * epoch, read by the next attempt of the same run (a restarted trainer, a retried Job), removed once the adapter is
 * stored. A checkpoint that cannot be written (the store is briefly away) is skipped with a warning: it costs a
 * later resume an epoch, not the run; one that cannot be read is not resumed from.
 */
final class StoredCheckpoints implements TrainingCheckpoints {

    private final ObjectStore store;
    private final String key;

    StoredCheckpoints(ObjectStore store, String runId) {
        this.store = store;
        this.key = TrainingRunSpec.checkpointKey(runId);
    }

    private static final System.Logger LOG = System.getLogger(StoredCheckpoints.class.getName());

    @Override
    public Optional<byte[]> latest() {
        try {
            return store.find(key);
        } catch (ObjectStoreException e) {
            LOG.log(System.Logger.Level.WARNING, "training checkpoint " + key + " unreadable, training from the start: "
                    + e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void save(byte[] checkpoint) {
        try {
            store.put(key, checkpoint, "application/octet-stream");
        } catch (ObjectStoreException e) {
            LOG.log(System.Logger.Level.WARNING, "training checkpoint " + key + " not written, training goes on: "
                    + e.getMessage());
        }
    }

    void discard() {
        try {
            store.delete(key);
        } catch (ObjectStoreException e) {
            LOG.log(System.Logger.Level.WARNING, "training checkpoint " + key + " not removed: " + e.getMessage());
        }
    }
}
