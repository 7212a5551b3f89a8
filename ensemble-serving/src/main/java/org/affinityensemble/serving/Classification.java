package org.affinityensemble.serving;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.affinityensemble.model.infer.Softmax;

/**
 * The answer to one classify request: for each text (in request order) the predicted label, the probabilities
 * over the task's labels, the ensemble's logits and, when asked, each adapter's contribution.
 */
public record Classification(String task, long ensembleVersion, String mode, List<String> labels,
        List<Prediction> predictions) {

    /** One text's prediction; {@code label} is the argmax of {@code probabilities}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Prediction(String label, int labelIndex, Map<String, Double> probabilities, double[] logits,
            List<Contribution> contributions) {
    }

    /** One adapter's part in a prediction: its weight for the task and its own logits and probabilities. */
    public record Contribution(String adapterId, double weight, double[] logits, Map<String, Double> probabilities) {
    }

    /**
     * The predictions of rows {@code from} (inclusive) to {@code to} (exclusive) of a group's scores.
     *
     * @param explain include each adapter's contribution (the scores must hold them)
     */
    public static Classification of(String task, long version, ServingMode mode, List<String> labels,
            TaskScores scores, int from, int to, boolean explain) {
        List<Prediction> predictions = new ArrayList<>(to - from);
        for (int n = from; n < to; n++) {
            double[] logits = scores.logits()[n];
            double[] p = Softmax.probabilities(logits);
            int best = Softmax.argmax(p);
            List<Contribution> contributions = null;
            if (explain) {
                contributions = new ArrayList<>();
                for (TaskScores.AdapterScores part : scores.contributions()) {
                    double[] own = part.logits()[n];
                    contributions.add(new Contribution(part.adapterId(), part.weight(), own,
                            byLabel(labels, Softmax.probabilities(own))));
                }
            }
            predictions.add(new Prediction(labels.get(best), best, byLabel(labels, p), logits, contributions));
        }
        return new Classification(task, version, mode.wireName(), labels, predictions);
    }

    private static Map<String, Double> byLabel(List<String> labels, double[] p) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int l = 0; l < labels.size(); l++) {
            out.put(labels.get(l), p[l]);
        }
        return out;
    }
}
