package org.affinityensemble.model.train;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.task.TaskScores;

/** The default objective: mean cross-entropy −log p(y|x) of the softmax over each example's own task's labels. */
public record CrossEntropyObjective() implements Objective {

    @Override
    public NDArray loss(TaskScores scores, List<LabelledText> batch) {
        return scores.crossEntropy(batch.stream().mapToInt(LabelledText::label).toArray()).mean();
    }

    @Override
    public boolean selectsByAccuracy() {
        return true;
    }
}
