package org.affinityensemble.model.infer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.affinityensemble.model.classify.LabelledText;

/** Per-task accuracy of argmax predictions, and their unweighted mean over tasks. */
public final class Accuracy {

    private Accuracy() {
    }

    /** The fraction of each task's examples whose highest logit is the correct label (ties: the lower index). */
    public static Map<String, Double> perTask(List<LabelledText> examples, float[][] logits) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (int n = 0; n < examples.size(); n++) {
            int[] c = counts.computeIfAbsent(examples.get(n).taskId(), t -> new int[2]);
            c[0] += argmax(logits[n]) == examples.get(n).label() ? 1 : 0;
            c[1]++;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        counts.forEach((task, c) -> out.put(task, c[0] / (double) c[1]));
        return out;
    }

    /** The mean over tasks of the per-task accuracy (each task counts once, whatever its size). */
    public static double meanOverTasks(Map<String, Double> perTask) {
        return perTask.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    public static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
