package org.affinityensemble.model.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.affinityensemble.model.runtime.HostArrays;
import org.affinityensemble.model.task.TaskScores;

/**
 * The logits [N, Lmax] of a batch whose examples may come from tasks with different label counts: row n holds
 * s·cos(enc(x_n), e_l) for the first {@code labelCounts[n]} columns; the remaining columns are padding, excluded
 * by {@link #validMask()} from every softmax and loss. The functions of the correct label here are the
 * quantities the gradients and objectives of this module are defined on.
 */
public final class LabelScores implements TaskScores {

    /** Subtracted from padding (and excluded) logits: exp underflows to exactly 0, never NaN. */
    private static final double EXCLUDED = 1e9;

    private final NDArray logits;
    private final NDArray validMask;
    private final int[] labelCounts;

    LabelScores(NDArray logits, NDArray validMask, int[] labelCounts) {
        this.logits = logits;
        this.validMask = validMask;
        this.labelCounts = labelCounts.clone();
    }

    /** Raw logits [N, Lmax]; padding columns hold meaningless values. */
    public NDArray logits() {
        return logits;
    }

    /** 1 for a real label of the row's task, 0 for padding; [N, Lmax] in the logits' type. */
    public NDArray validMask() {
        return validMask;
    }

    /** Each row's logits over its own task's labels. */
    @Override
    public float[][] taskLogits() {
        float[][] padded = HostArrays.rows(logits);
        float[][] rows = new float[padded.length][];
        for (int n = 0; n < padded.length; n++) {
            rows[n] = java.util.Arrays.copyOf(padded[n], labelCounts[n]);
        }
        return rows;
    }

    /** Per example, the cross-entropy −log p(y|x) of the softmax over its task's labels, [N]. */
    @Override
    public NDArray crossEntropy(int[] labels) {
        NDArray logProbabilities = excluding(validMask).logSoftmax(1);
        return logProbabilities.mul(oneHot(labels)).sum(new int[] {1}).neg();
    }

    /**
     * Per example, h(x) = log(p/(1−p)) of the correct label y with p clipped to [ε, 1−ε], [N]. Computed as
     * z_y − logsumexp_{l≠y} z_l (exact and stable: p/(1−p) = e^{z_y} / Σ_{l≠y} e^{z_l}), then clamped to
     * ±log((1−ε)/ε), which is the clipping of p; the gradient is zero where the clip binds.
     */
    @Override
    public NDArray logOdds(int[] labels, double clipEpsilon) {
        if (!(clipEpsilon > 0 && clipEpsilon < 0.5)) {
            throw new IllegalArgumentException("clip epsilon must be in (0, 0.5)");
        }
        NDArray correct = oneHot(labels);
        NDArray others = excluding(validMask.sub(correct));
        NDArray max = others.max(new int[] {1}, true).stopGradient();
        NDArray logSumOthers = others.sub(max).exp().sum(new int[] {1}).log().add(max.squeeze(1));
        NDArray logOdds = logits.mul(correct).sum(new int[] {1}).sub(logSumOthers);
        double bound = Math.log((1 - clipEpsilon) / clipEpsilon);
        return logOdds.clip(-bound, bound);
    }

    /** Per example, the correct label's logit minus the mean logit of the task's labels, z_y − mean_l z_l, [N]. */
    @Override
    public NDArray centredCorrectLogit(int[] labels) {
        NDArray mean = logits.mul(validMask).sum(new int[] {1}).div(validMask.sum(new int[] {1}));
        return logits.mul(oneHot(labels)).sum(new int[] {1}).sub(mean);
    }

    /** The logits with the columns where {@code keep} is 0 pushed to −1e9. */
    private NDArray excluding(NDArray keep) {
        return keep.sub(1).mul(EXCLUDED).add(logits);
    }

    private NDArray oneHot(int[] labels) {
        if (labels.length != labelCounts.length) {
            throw new IllegalArgumentException(labels.length + " labels for " + labelCounts.length + " rows");
        }
        long columns = logits.getShape().get(1);
        float[] values = new float[(int) (labels.length * columns)];
        for (int n = 0; n < labels.length; n++) {
            if (labels[n] < 0 || labels[n] >= labelCounts[n]) {
                throw new IllegalArgumentException("label " + labels[n] + " of row " + n + " is out of range");
            }
            values[(int) (n * columns) + labels[n]] = 1;
        }
        NDManager manager = logits.getManager();
        return HostArrays.create(manager, values, new Shape(labels.length, columns), logits.getDataType());
    }
}
