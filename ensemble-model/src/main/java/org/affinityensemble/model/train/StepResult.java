package org.affinityensemble.model.train;

/**
 * The result of one training step: its mean loss (NaN when skipped), whether AdamW was applied, and how many
 * times the forward and backward pass had to be recomputed because the loss or a gradient was not finite.
 */
public record StepResult(double loss, boolean applied, int recomputations) {
}
