package org.affinityensemble.affinity;

import java.util.HashSet;
import java.util.Map;
import java.util.TreeMap;

/**
 * What fitting the surrogate on one subset estimated for each of its tasks, with the fit's diagnostics: the
 * Newton steps taken and the gradient norm at the solution. Estimates are reused across affinity updates, so
 * this is what the service stores.
 */
public record SubsetEstimate(TaskSubset subset, Map<String, TaskEstimate> estimates, int iterations,
        double gradientNorm) {

    public SubsetEstimate {
        if (!estimates.keySet().equals(new HashSet<>(subset.tasks()))) {
            throw new IllegalArgumentException("estimates must cover exactly the subset's tasks " + subset.tasks());
        }
        estimates = Map.copyOf(new TreeMap<>(estimates));
    }
}
