package org.affinityensemble.training;

import java.util.List;
import org.affinityensemble.storage.EnsembleManifest.AdapterEntry.Kind;

/**
 * One adapter of an ensemble and what it was trained on: a group's adapter ({@link Kind#GROUP}) on the group's
 * tasks with cross-entropy, or a boosting adapter ({@link Kind#BOOST}) on one group's tasks fitted to the residual
 * of the ensemble before it.
 */
public record EnsembleMember(String adapterId, Kind kind, String groupId, List<String> tasks) {

    public EnsembleMember {
        tasks = List.copyOf(tasks);
    }

    public boolean covers(String taskId) {
        return tasks.contains(taskId);
    }
}
