package org.affinityensemble.trainer.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.affinityensemble.trainer.execution.RunAttempts;

/** Records each started attempt in the run ledger (called by the executors on their own threads). */
@ApplicationScoped
public class RecordedAttempts implements RunAttempts {

    @Inject
    RunLedger runs;

    @Override
    public boolean started(String runId, int attempt) {
        return Awaited.await(() -> runs.markStarted(runId, attempt));
    }
}
