package org.affinityensemble.trainer.execution;

/** Told by an executor whenever it is about to start an attempt of a run (first, retry, or after a restart). */
@FunctionalInterface
public interface RunAttempts {

    /**
     * Records that {@code attempt} of the run starts; false when the ledger refuses it (the run has finished
     * meanwhile, for example a newer grouping's build cancelled it, or a newer attempt has started), and then the
     * executor does not start it: a result of an attempt the ledger never recorded would be refused (ADR 0091).
     */
    boolean started(String runId, int attempt);
}
