package org.affinityensemble.affinity;

/**
 * Which surrogate estimate the affinity matrix averages, oriented so that larger means better for the task:
 * the negative linearised validation loss (default: continuous, so less noisy on small validation sets) or the
 * linearised validation accuracy.
 */
public enum AffinityMetric {

    NEGATIVE_LOSS("neg_loss") {
        @Override
        public double score(TaskEstimate estimate) {
            return -estimate.loss();
        }
    },
    ACCURACY("accuracy") {
        @Override
        public double score(TaskEstimate estimate) {
            return estimate.accuracy();
        }
    };

    private final String wireName;

    AffinityMetric(String wireName) {
        this.wireName = wireName;
    }

    /** The larger-is-better score of one task's estimate (NaN when the task had no validation examples). */
    public abstract double score(TaskEstimate estimate);

    /** The name used in messages and storage (e.g. {@code AffinityUpdated.metric}). */
    public String wireName() {
        return wireName;
    }

    public static AffinityMetric fromWireName(String name) {
        for (AffinityMetric metric : values()) {
            if (metric.wireName.equals(name)) {
                return metric;
            }
        }
        throw new IllegalArgumentException("unknown affinity metric " + name);
    }
}
