package org.affinityensemble.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One task of one subset: the validation loss some estimate predicted, and the loss real fine-tuning reached. */
public record LossPair(String taskId, double estimated, double real) {

    public LossPair {
        if (!Double.isFinite(estimated) || !(real > 0) || Double.isInfinite(real)) {
            throw new IllegalArgumentException("an estimate must be finite and a real loss positive: " + this);
        }
    }

    /** An estimate of the loss of a task fine-tuned within the subset at a given index. */
    @FunctionalInterface
    public interface Estimate {
        double loss(int subsetIndex, String taskId);
    }

    /** One pair per task of each real outcome, the estimate taken for the same subset index and task. */
    public static List<LossPair> of(List<RealFineTuning.Outcome> outcomes, Estimate estimate) {
        List<LossPair> pairs = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            for (Map.Entry<String, Double> real : outcomes.get(i).losses().entrySet()) {
                pairs.add(new LossPair(real.getKey(), estimate.loss(i, real.getKey()), real.getValue()));
            }
        }
        return pairs;
    }
}
