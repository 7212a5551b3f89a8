package org.affinityensemble.affinity;

/** Estimates what fine-tuning on one task subset would do for each of its tasks. */
@FunctionalInterface
public interface SubsetEstimator {

    SubsetEstimate estimate(TaskSubset subset, GradientSource source);
}
