package org.affinityensemble.training;

import java.util.Collections;
import java.util.List;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.classify.TaskLabels;
import org.affinityensemble.model.infer.ClassifierLogits;
import org.affinityensemble.model.lora.LoraAdapter;

/**
 * The logits of one task's examples under the frozen model or one adapter, through the prototype classifier
 * (rows in example order, one logit per label of the task). Thread-safe.
 */
public final class AdapterLogits {

    private final TaskClassifiers classifiers;

    public AdapterLogits(TaskClassifiers classifiers) {
        this.classifiers = classifiers;
    }

    /** The logits under {@code adapter}, or under the frozen model (zero-shot) when it is null. */
    public float[][] of(TaskLabels task, List<LabelledText> examples, LoraAdapter adapter) {
        if (examples.isEmpty()) {
            return new float[0][];
        }
        ClassifierLogits logits = new ClassifierLogits(classifiers.forTask(task));
        List<String> taskIds = Collections.nCopies(examples.size(), task.taskId());
        List<String> texts = examples.stream().map(LabelledText::text).toList();
        return adapter == null ? logits.base(taskIds, texts) : logits.adapter(taskIds, texts, adapter);
    }

    /** The correct-label indices of examples. */
    public static int[] labels(List<LabelledText> examples) {
        return examples.stream().mapToInt(LabelledText::label).toArray();
    }

    /** Float logits as doubles (what {@link Softmax} takes). */
    public static double[][] widened(float[][] logits) {
        double[][] out = new double[logits.length][];
        for (int i = 0; i < logits.length; i++) {
            out[i] = new double[logits[i].length];
            for (int l = 0; l < logits[i].length; l++) {
                out[i][l] = logits[i][l];
            }
        }
        return out;
    }
}
