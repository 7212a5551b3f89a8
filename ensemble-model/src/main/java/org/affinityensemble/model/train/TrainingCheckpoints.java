package org.affinityensemble.model.train;

import java.util.Optional;

/**
 * Where one training run keeps its latest checkpoint ({@link TrainingCheckpoint}, written after every epoch), so that
 * a run killed part-way resumes from its last finished epoch: the object store under the run in the services; none in
 * the benchmarks.
 */
public interface TrainingCheckpoints {

    /** Keeps nothing: every run starts from its first epoch. */
    TrainingCheckpoints NONE = new TrainingCheckpoints() {
        @Override
        public Optional<byte[]> latest() {
            return Optional.empty();
        }

        @Override
        public void save(byte[] checkpoint) {
        }
    };

    /** The latest checkpoint saved for this run, if any. */
    Optional<byte[]> latest();

    /** Replaces the latest checkpoint. */
    void save(byte[] checkpoint);
}
