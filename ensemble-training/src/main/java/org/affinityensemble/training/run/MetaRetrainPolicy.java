package org.affinityensemble.training.run;

import java.util.Map;
import java.util.Set;

/**
 * When the meta-initialisation θ* is trained again as data arrives (ADR 0110): when the training examples of the
 * ready datasets that θ* has not seen (a dataset it was not trained on, or a newer revision of one it was) reach
 * {@code share} of all the ready datasets' training examples. A share of 0 turns it off (θ* is trained once, as
 * ADR 0047 had it). With the default 0.5 a θ* trained on three datasets is trained again when about three more of
 * the same size have arrived, and then after about six more: each θ* has seen at least half of the data its
 * gradients are taken for, and the number of θ* runs grows with the logarithm of the data, not with its count.
 *
 * @param share the unseen share that triggers a new θ*, in [0, 1); 0 never retrains
 */
public record MetaRetrainPolicy(double share) {

    public MetaRetrainPolicy {
        if (!(share >= 0 && share < 1)) {
            throw new IllegalArgumentException("the retrain share must be in [0, 1), got " + share);
        }
    }

    /**
     * What θ* has not seen of the ready datasets.
     *
     * @param unseenExamples training examples of ready datasets θ* was not trained on (at their revision)
     * @param allExamples    training examples of all ready datasets
     * @param unseenDatasets how many ready datasets those are
     * @param retrain        whether the policy trains a new θ* on all ready datasets
     */
    public record Decision(long unseenExamples, long allExamples, int unseenDatasets, boolean retrain) {

        /** unseen / all, 0 without data. */
        public double unseenShare() {
            return allExamples == 0 ? 0 : unseenExamples / (double) allExamples;
        }
    }

    /**
     * The decision for the ready datasets.
     *
     * @param readyTrainExamples training examples of each ready dataset, by {@code id@revision}
     * @param seen               the datasets θ* was trained on, {@code id@revision} ({@link MetaAdapterRun#datasets})
     */
    public Decision decide(Map<String, Long> readyTrainExamples, Set<String> seen) {
        long all = 0;
        long unseen = 0;
        int unseenDatasets = 0;
        for (Map.Entry<String, Long> dataset : readyTrainExamples.entrySet()) {
            all += dataset.getValue();
            if (!seen.contains(dataset.getKey())) {
                unseen += dataset.getValue();
                unseenDatasets++;
            }
        }
        boolean retrain = share > 0 && unseenDatasets > 0 && unseen >= share * all;
        return new Decision(unseen, all, unseenDatasets, retrain);
    }
}
