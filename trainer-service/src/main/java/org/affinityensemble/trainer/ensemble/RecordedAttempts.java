package org.affinityensemble.trainer.ensemble;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.affinityensemble.trainer.execution.RunAttempts;

/** Records each started attempt in the ledger (called by the executors on their own threads). */
@ApplicationScoped
public class RecordedAttempts implements RunAttempts {

    @Inject
    TrainingLedger ledger;

    @Override
    public void started(String runId, int attempt) {
        Awaited.await(() -> ledger.markStarted(runId, attempt));
    }
}
