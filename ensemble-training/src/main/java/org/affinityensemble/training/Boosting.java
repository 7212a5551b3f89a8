package org.affinityensemble.training;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.affinityensemble.model.infer.Softmax;

/**
 * The gradient-boosting step of the method (step 4): which group gets the next adapter, and what that adapter is
 * fitted to. The target is the group whose training examples have the highest mean cross-entropy under the
 * current ensemble; every example of it gets the residual r(x) = 1 − p_ens(y|x), the negative gradient of the
 * ensemble's cross-entropy with respect to its correct-label logit (see {@code ResidualObjective}).
 */
public final class Boosting {

    private Boosting() {
    }

    /** A group's training loss under the current ensemble: the mean cross-entropy over its examples. */
    public record GroupLoss(String groupId, double meanLoss, int examples) {
    }

    /** r(x) = 1 − softmax(s(x))_y for each row of ensemble logits. */
    public static double[] residuals(double[][] ensembleLogits, int[] labels) {
        double[] residuals = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            residuals[i] = 1 - Softmax.probabilities(ensembleLogits[i])[labels[i]];
        }
        return residuals;
    }

    /**
     * The loss of a group from its tasks' ensemble logits on training examples: the cross-entropy averaged over
     * all the group's examples (so a large task counts more, as it does in the group's training loss).
     */
    public static GroupLoss groupLoss(String groupId, List<String> tasks, Map<String, double[][]> ensembleLogits,
            Map<String, int[]> labels) {
        double sum = 0;
        int count = 0;
        for (String task : tasks) {
            double[][] logits = ensembleLogits.get(task);
            int[] y = labels.get(task);
            for (int i = 0; i < y.length; i++) {
                sum += Softmax.crossEntropy(logits[i], y[i]);
                count++;
            }
        }
        return new GroupLoss(groupId, count == 0 ? Double.NaN : sum / count, count);
    }

    /** The group with the highest training loss (ties: the smaller group id). */
    public static GroupLoss hardest(List<GroupLoss> losses) {
        return losses.stream().filter(loss -> Double.isFinite(loss.meanLoss()))
                .max(Comparator.comparingDouble(GroupLoss::meanLoss)
                        .thenComparing(GroupLoss::groupId, Comparator.reverseOrder()))
                .orElseThrow(() -> new IllegalArgumentException("no group has training examples"));
    }
}
