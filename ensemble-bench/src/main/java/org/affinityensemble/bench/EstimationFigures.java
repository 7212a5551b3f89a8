package org.affinityensemble.bench;

import java.util.List;

/**
 * The figures of one estimate against real fine-tuning (see {@link EstimationMetrics}): mean relative error,
 * Spearman over all (subset, task) pairs, and the mean within-task Spearman across subsets.
 */
public record EstimationFigures(double relativeError, double rankCorrelation, double withinTaskRankCorrelation) {

    public static EstimationFigures of(List<LossPair> pairs) {
        return new EstimationFigures(EstimationMetrics.meanRelativeError(pairs),
                EstimationMetrics.rankCorrelation(pairs), EstimationMetrics.meanWithinTaskRankCorrelation(pairs));
    }
}
