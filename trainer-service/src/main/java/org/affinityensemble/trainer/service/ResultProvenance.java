package org.affinityensemble.trainer.service;

import java.net.URI;
import org.affinityensemble.events.InvalidEventException;
import org.affinityensemble.events.TrainingResult;
import org.affinityensemble.storage.StorageLayout;
import org.affinityensemble.trainer.entity.TrainingRun;

/**
 * Whether a {@code training.result} may be from a run this trainer launched (ADR 0091): the run exists, the result
 * names its group and an attempt that was started, and the adapter it points to lies under the run's own prefix
 * ({@code adapters/<adapterId>/}). Anyone who can write to {@code ensemble.training-results} could otherwise choose
 * which adapter is served. A rejection is final: the record goes to the dead-letter topic with the reason.
 */
public final class ResultProvenance {

    private ResultProvenance() {
    }

    /** The refusal for a result whose run is unknown. */
    public static InvalidEventException unknownRun(TrainingResult result) {
        return new InvalidEventException("rejected training.result: no run '" + result.runId()
                + "' was launched by this trainer");
    }

    /**
     * Checks a result against its run.
     *
     * @throws InvalidEventException naming what does not match
     */
    public static void check(TrainingRun run, TrainingResult result) {
        String refused = "rejected training.result for run " + run.runId + ": ";
        if (!run.groupId.equals(result.groupId())) {
            throw new InvalidEventException(refused + "group '" + result.groupId() + "' is not the run's group '"
                    + run.groupId + "'");
        }
        if (result.attempt() < 1 || result.attempt() > run.attempt) {
            throw new InvalidEventException(refused + "attempt " + result.attempt() + " was never started (attempts "
                    + "started: " + run.attempt + ")");
        }
        String prefix = result.adapterPrefix();
        String own = StorageLayout.adapterPrefix(run.adapterId);
        if (prefix != null && !under(prefix, own)) {
            throw new InvalidEventException(refused + "adapter location '" + prefix + "' is outside the run's own "
                    + "prefix '" + own + "'");
        }
    }

    /** Whether {@code prefix} is {@code own} or inside it, with no {@code .}/{@code ..} segment or escape. */
    static boolean under(String prefix, String own) {
        if (!prefix.startsWith(own) || prefix.contains("\\") || prefix.indexOf('\0') >= 0) {
            return false;
        }
        for (String segment : prefix.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        try {
            return URI.create("s3:/" + prefix.replace(" ", "%20")).normalize().getPath().startsWith("/" + own);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
