package org.affinityensemble.serving;

import java.util.List;

/**
 * The scores of a batch of one task's texts: the ensemble's logits per text (over the task's labels) and, when
 * asked for, each contributing adapter's weight and own logits.
 */
public record TaskScores(double[][] logits, List<AdapterScores> contributions) {

    /** One adapter's part: its weight for the task and its own logits per text. */
    public record AdapterScores(String adapterId, double weight, double[][] logits) {
    }

    public TaskScores {
        contributions = List.copyOf(contributions);
    }

    public int rows() {
        return logits.length;
    }
}
