package org.affinityensemble.bench;

import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.affinityensemble.affinity.Logistic;
import org.affinityensemble.model.task.TaskScores;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.task.TaskClassifier;
import org.affinityensemble.model.gradient.PerExampleGradients;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.LoraTerms;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.runtime.HostArrays;

/**
 * The real counterpart of the surrogate's read-out: per task, the mean over its validation examples of
 * log(1 + exp(−h(x))) under an adapter, with h = log(p/(1−p)) of the correct label clipped exactly as the
 * gradients' f0 is ({@link LabelScores#logOdds}, ε = {@link PerExampleGradients#DEFAULT_CLIP}), with the label
 * embeddings the adapter carries where it trained them (ADR 0081). Unclipped this is the cross-entropy −log p of the
 * correct label. Thread-safe.
 */
public final class ValidationLosses {

    private static final int CHUNK = 64;

    private final TaskClassifier classifier;

    public ValidationLosses(TaskClassifier classifier) {
        this.classifier = classifier;
    }

    /** Mean loss per task of the examples, in order of first appearance. */
    public Map<String, Double> perTask(LoraAdapter adapter, List<LabelledText> examples) {
        double[] logOdds = new double[examples.size()];
        for (int from = 0; from < examples.size(); from += CHUNK) {
            List<LabelledText> chunk = examples.subList(from, Math.min(examples.size(), from + CHUNK));
            try (NDManager scope = DjlRuntime.newManager()) {
                List<String> taskIds = chunk.stream().map(LabelledText::taskId).toList();
                TaskScores scores = classifier.score(scope, taskIds,
                        classifier.tokenize(taskIds, chunk.stream().map(LabelledText::text).toList()),
                        LoraTerms.of(adapter, scope, classifier.loraType()), adapter);
                double[] chunkLogOdds = HostArrays.doubles(scores.logOdds(
                        chunk.stream().mapToInt(LabelledText::label).toArray(), PerExampleGradients.DEFAULT_CLIP));
                System.arraycopy(chunkLogOdds, 0, logOdds, from, chunk.size());
            }
        }
        return meanLossPerTask(examples, logOdds);
    }

    /**
     * Per task, in order of first appearance, the mean of log(1 + exp(−h)) over its examples, h = {@code logOdds[n]}
     * the log-odds of example n's correct label.
     */
    static Map<String, Double> meanLossPerTask(List<LabelledText> examples, double[] logOdds) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (int n = 0; n < examples.size(); n++) {
            double[] sum = sums.computeIfAbsent(examples.get(n).taskId(), task -> new double[2]);
            sum[0] += Logistic.loss(logOdds[n]);
            sum[1]++;
        }
        Map<String, Double> means = new LinkedHashMap<>();
        sums.forEach((task, sum) -> means.put(task, sum[0] / sum[1]));
        return means;
    }
}
