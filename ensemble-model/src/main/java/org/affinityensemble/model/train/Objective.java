package org.affinityensemble.model.train;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.task.TaskScores;

/** What a training run minimises: a scalar loss of a batch's label scores, and how its checkpoints are chosen. */
public sealed interface Objective permits CrossEntropyObjective, ResidualObjective {

    /** The mean loss over the batch (a scalar array in the scores' manager). */
    NDArray loss(TaskScores scores, List<LabelledText> batch);

    /** True: keep the epoch with the highest mean validation accuracy; false: the lowest validation loss. */
    boolean selectsByAccuracy();
}
