package org.affinityensemble.model.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.affinityensemble.model.runtime.HostArrays;
import org.affinityensemble.model.task.TaskScores;

/**
 * A decoder's scores of a batch: the float32 next-token logits z [N, vocab] at each row's answer position, and the
 * label token of each of the row's task's labels. With p = softmax(z) over the FULL vocabulary (not over the
 * task's label tokens): h(x) = log(p_y/(1−p_y)) of the correct label's token y, clipped to p ∈ [ε, 1−ε]; the
 * training loss is −log p_y. Prediction and ensembles use the label tokens' logits ({@link #taskLogits()}),
 * i.e. the softmax over the task's labels.
 */
public final class LabelWordScores implements TaskScores {

    /** Subtracted from the excluded logit: exp underflows to exactly 0, never NaN. */
    private static final double EXCLUDED = 1e9;

    private final NDArray logits;
    private final long[][] labelTokens;

    LabelWordScores(NDArray logits, long[][] labelTokens) {
        this.logits = logits;
        this.labelTokens = labelTokens;
    }

    /** The next-token logits [N, vocab] (float32). */
    public NDArray vocabularyLogits() {
        return logits;
    }

    /**
     * h = z_y − logsumexp_{v≠y} z_v (p/(1−p) = e^{z_y} / Σ_{v≠y} e^{z_v}, exact and stable), clamped to
     * ±log((1−ε)/ε); zero gradient where the clip binds.
     */
    @Override
    public NDArray logOdds(int[] labels, double clipEpsilon) {
        if (!(clipEpsilon > 0 && clipEpsilon < 0.5)) {
            throw new IllegalArgumentException("clip epsilon must be in (0, 0.5)");
        }
        NDArray correct = oneHot(labels);
        NDArray others = logits.sub(correct.mul(EXCLUDED));
        NDArray max = others.max(new int[] {1}, true).stopGradient();
        NDArray logSumOthers = others.sub(max).exp().sum(new int[] {1}).log().add(max.squeeze(1));
        NDArray logOdds = logits.mul(correct).sum(new int[] {1}).sub(logSumOthers);
        double bound = Math.log((1 - clipEpsilon) / clipEpsilon);
        return logOdds.clip(-bound, bound);
    }

    /** −log p_y = logsumexp_v z_v − z_y, [N]. */
    @Override
    public NDArray crossEntropy(int[] labels) {
        return logits.logSoftmax(1).mul(oneHot(labels)).sum(new int[] {1}).neg();
    }

    /** z_y − mean over the row's task's label tokens of z_l, [N]. */
    @Override
    public NDArray centredCorrectLogit(int[] labels) {
        long vocabulary = logits.getShape().get(1);
        float[] means = new float[(int) (labelTokens.length * vocabulary)];
        for (int n = 0; n < labelTokens.length; n++) {
            for (long token : labelTokens[n]) {
                means[(int) (n * vocabulary + token)] += 1f / labelTokens[n].length;
            }
        }
        NDArray mean = logits.mul(HostArrays.create(logits.getManager(), means,
                new Shape(labelTokens.length, vocabulary), logits.getDataType())).sum(new int[] {1});
        return logits.mul(oneHot(labels)).sum(new int[] {1}).sub(mean);
    }

    @Override
    public float[][] taskLogits() {
        float[][] all = HostArrays.rows(logits);
        float[][] rows = new float[all.length][];
        for (int n = 0; n < all.length; n++) {
            rows[n] = new float[labelTokens[n].length];
            for (int l = 0; l < rows[n].length; l++) {
                rows[n][l] = all[n][(int) labelTokens[n][l]];
            }
        }
        return rows;
    }

    private NDArray oneHot(int[] labels) {
        if (labels.length != labelTokens.length) {
            throw new IllegalArgumentException(labels.length + " labels for " + labelTokens.length + " rows");
        }
        long vocabulary = logits.getShape().get(1);
        float[] values = new float[(int) (labels.length * vocabulary)];
        for (int n = 0; n < labels.length; n++) {
            if (labels[n] < 0 || labels[n] >= labelTokens[n].length) {
                throw new IllegalArgumentException("label " + labels[n] + " of row " + n + " is out of range");
            }
            values[(int) (n * vocabulary + labelTokens[n][labels[n]])] = 1;
        }
        NDManager manager = logits.getManager();
        return HostArrays.create(manager, values, new Shape(labels.length, vocabulary), logits.getDataType());
    }
}
