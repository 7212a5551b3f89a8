package org.affinityensemble.trainer.execution;

/** Told by an executor whenever it starts an attempt of a run (first, retry, or after a restart). */
@FunctionalInterface
public interface RunAttempts {

    void started(String runId, int attempt);
}
