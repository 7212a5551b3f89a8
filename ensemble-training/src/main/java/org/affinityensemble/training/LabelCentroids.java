package org.affinityensemble.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.task.TaskClassifier;

/**
 * Label embeddings that start where a linear probe would (issue #19, "linear probe, then fine-tune"): per task and
 * label, the L2-normalised mean of the frozen model's normalised sentence embeddings of that label's training
 * examples. With them, the prototype classifier at θ0 is the nearest-centroid classifier on the frozen encoder;
 * a label without training examples keeps its label-name prototype.
 */
public final class LabelCentroids {

    private LabelCentroids() {
    }

    /** Per task of {@code tasks}, [labels][hidden]; {@code namePrototypes} supplies labels without examples. */
    public static Map<String, float[][]> of(TaskClassifier classifier, List<TaskData> tasks,
            Map<String, float[][]> namePrototypes) {
        Map<String, float[][]> byTask = new LinkedHashMap<>();
        for (TaskData task : tasks) {
            List<LabelledText> train = task.train();
            float[][] features = classifier.features(train.stream().map(LabelledText::taskId).toList(),
                    train.stream().map(LabelledText::text).toList());
            float[][] fallback = namePrototypes.get(task.taskId());
            byTask.put(task.taskId(), centroids(features, AdapterLogits.labels(train), task.labels().size(), fallback));
        }
        return byTask;
    }

    /** The normalised class means of {@code features}; a class without rows takes its row of {@code fallback}. */
    static float[][] centroids(float[][] features, int[] labels, int labelCount, float[][] fallback) {
        int hidden = features.length > 0 ? features[0].length : fallback[0].length;
        double[][] sums = new double[labelCount][hidden];
        int[] counts = new int[labelCount];
        for (int i = 0; i < features.length; i++) {
            counts[labels[i]]++;
            for (int h = 0; h < hidden; h++) {
                sums[labels[i]][h] += features[i][h];
            }
        }
        float[][] out = new float[labelCount][hidden];
        for (int l = 0; l < labelCount; l++) {
            double norm = 0;
            for (int h = 0; h < hidden; h++) {
                norm += sums[l][h] * sums[l][h];
            }
            norm = Math.sqrt(norm);
            if (counts[l] == 0 || norm == 0) {
                if (fallback == null) {
                    throw new IllegalArgumentException("label " + l + " has no training example and no prototype");
                }
                out[l] = fallback[l].clone();
                continue;
            }
            for (int h = 0; h < hidden; h++) {
                out[l][h] = (float) (sums[l][h] / norm);
            }
        }
        return out;
    }
}
