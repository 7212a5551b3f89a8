package org.affinityensemble.affinity;

/**
 * The surrogate's estimate for one task after fitting a subset: on the task's n validation examples, the mean
 * linearised loss (1/n) Σ log(1+exp(-(f0+g̃ᵀw))) and the accuracy, the fraction with f0+g̃ᵀw > 0, i.e. with
 * p > ½ for the correct label. For binary tasks that is argmax accuracy; for multi-class tasks it is an
 * approximation (p > ½ implies the argmax is correct, but the argmax can be correct with p ≤ ½), so it
 * under-counts. Both are NaN when the task has no validation examples.
 */
public record TaskEstimate(double loss, double accuracy, int n) {
}
