package org.affinityensemble.trainer.entity;

import java.util.List;

/**
 * One group of a build: its tasks, and either the run training its adapter in this build ({@code runId}) or the
 * adapter it keeps from an earlier build ({@code runId} null); {@code adapterId} is the adapter it ends up with.
 */
public record BuildGroup(String groupId, List<String> tasks, String runId, String adapterId) {

    public BuildGroup {
        tasks = List.copyOf(tasks);
    }
}
