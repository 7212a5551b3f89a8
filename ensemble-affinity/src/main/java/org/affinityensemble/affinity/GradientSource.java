package org.affinityensemble.affinity;

import java.util.List;
import java.util.function.Consumer;

/**
 * Streams the projected gradients of one task and split in chunks, so that the solver's memory does not grow
 * with the number of examples: a service can page them from storage, tests keep them in memory
 * ({@link InMemoryGradientSource}).
 *
 * <p>Contract: every call for the same task and split delivers the same examples in the same order (the solver
 * makes several passes and must see one fixed data set; a canonical order, such as by sample id, also makes
 * the results bit-for-bit reproducible); every example has {@link #dimension()} gradient values and carries
 * the requested task id and split. Implementations used with {@link AffinityEstimator} on more than one thread
 * must allow concurrent calls.
 */
public interface GradientSource {

    /** The projected dimension d shared by every gradient of this source. */
    int dimension();

    /**
     * Hands the examples of {@code taskId} in the given split to {@code consumer}, a chunk at a time; a task
     * with no examples delivers nothing. The consumer must not keep a chunk after it returns.
     */
    void forEachChunk(String taskId, boolean validation, Consumer<List<TaskExample>> consumer);
}
