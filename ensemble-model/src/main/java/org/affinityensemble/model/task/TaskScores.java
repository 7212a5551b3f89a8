package org.affinityensemble.model.task;

import ai.djl.ndarray.NDArray;

/**
 * A batch's scores under a {@link TaskClassifier}, the quantities training, gradients and ensembles are defined on.
 * Row n belongs to one task; labels index that task's labels.
 */
public interface TaskScores {

    /**
     * h(x) = log(p/(1−p)) of each row's correct label, p clipped to [ε, 1−ε], [N] (differentiable). For the
     * encoder p is the softmax over the task's labels; for a decoder over the full vocabulary.
     */
    NDArray logOdds(int[] labels, double clipEpsilon);

    /** The training loss −log p(y|x) per row, [N], with the same p as {@link #logOdds}. */
    NDArray crossEntropy(int[] labels);

    /**
     * Per row, the correct label's logit minus the mean logit of the row's task's labels, z_y − mean_l z_l, [N]
     * (differentiable; what boosting fits to the residual, ADR 0013).
     */
    NDArray centredCorrectLogit(int[] labels);

    /** Each row's logits over its own task's labels (prediction: argmax; ensembles: weighted sums). */
    float[][] taskLogits();
}
