package org.affinityensemble.inference.service;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.affinityensemble.serving.Classification;
import org.affinityensemble.serving.EnsembleSlot;
import org.affinityensemble.serving.LoadedEnsemble;
import org.affinityensemble.serving.MicroBatcher;
import org.affinityensemble.serving.ServingMode;

/**
 * One accepted classify request waiting for the model: it holds a lease on the ensemble it was accepted on,
 * so it is answered by that version even if a newer one is swapped in meanwhile.
 */
final class ClassifyJob implements MicroBatcher.Job {

    /**
     * Jobs batched together: same ensemble (by identity), task and mode; in merged mode explained requests
     * apart, because their contributions cost extra forward passes.
     */
    record GroupKey(LoadedEnsemble ensemble, String task, ServingMode mode, boolean explainMerged) {
    }

    private final EnsembleSlot.Lease lease;
    private final String task;
    private final ServingMode mode;
    private final List<String> texts;
    private final boolean explain;
    private final CompletableFuture<Classification> result = new CompletableFuture<>();

    ClassifyJob(EnsembleSlot.Lease lease, String task, ServingMode mode, List<String> texts, boolean explain) {
        this.lease = lease;
        this.task = task;
        this.mode = mode;
        this.texts = List.copyOf(texts);
        this.explain = explain;
    }

    LoadedEnsemble ensemble() {
        return lease.ensemble();
    }

    String task() {
        return task;
    }

    ServingMode mode() {
        return mode;
    }

    List<String> texts() {
        return texts;
    }

    boolean explain() {
        return explain;
    }

    CompletableFuture<Classification> result() {
        return result;
    }

    void complete(Classification classification) {
        result.complete(classification);
    }

    @Override
    public int size() {
        return texts.size();
    }

    @Override
    public Object groupKey() {
        return new GroupKey(lease.ensemble(), task, mode, explain && mode == ServingMode.MERGED);
    }

    @Override
    public void fail(Throwable cause) {
        result.completeExceptionally(cause);
    }
}
