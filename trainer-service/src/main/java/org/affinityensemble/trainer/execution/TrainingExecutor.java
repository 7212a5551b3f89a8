package org.affinityensemble.trainer.execution;

/**
 * Where training runs execute. Implementations: {@link LocalTrainingExecutor} (in-process, one run at a time) and
 * {@link KubernetesTrainingExecutor} (one Job per attempt on the GPU node pool). Either way the outcome of a run
 * arrives as a {@code TrainingResult} on {@code ensemble.training-results}, so both modes share one completion
 * path; an executor publishes a FAILED result itself only once a run has used up its attempts. The run's spec
 * must be stored ({@link TrainingRunSpec#key}) before it is started.
 */
public interface TrainingExecutor {

    /** Starts attempt {@code attempt} of a run of the given group (1 for a new run). */
    void start(String runId, String groupId, int attempt);

    /**
     * Takes over a run that was recorded as running at {@code attempt} before this process (re)started: follows it
     * where it is still running, otherwise starts it again under the next attempt number.
     */
    void resume(String runId, String groupId, int attempt);

    /**
     * Stops a run no build needs any more, whichever attempt it is at: a run still waiting is dropped, a Job is
     * deleted. Best effort and idempotent; an executor that cannot stop a run already training lets it finish (its
     * result is still recorded).
     */
    void cancel(String runId);
}
