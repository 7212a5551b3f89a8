package org.affinityensemble.affinity;

import java.util.List;

/**
 * An affinity matrix over {@code tasks} (rows and columns in that order) with every subset estimate it was
 * built from ({@code estimates}, to be kept for the next incremental update) and the ones computed by this
 * call ({@code added}).
 */
public record AffinityResult(List<String> tasks, double[][] matrix, AffinityMetric metric,
        List<SubsetEstimate> estimates, List<SubsetEstimate> added) {

    public AffinityResult {
        tasks = List.copyOf(tasks);
        estimates = List.copyOf(estimates);
        added = List.copyOf(added);
    }
}
