package org.affinityensemble.training;

import java.util.List;
import org.affinityensemble.events.PromptSpec;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.classify.TaskLabels;

/**
 * One task's labelled examples by split, with its label names in index order (what {@link LabelledText#label()}
 * indexes) and the revision of the data (the registry's dataset revision; cached logits are keyed by it). The
 * test split may be empty; training needs train and validation examples. {@code prompt} is the declared prompt a decoder
 * LM scores the labels by (null: the defaults).
 */
public record TaskData(String taskId, int revision, List<String> labels, List<LabelledText> train,
        List<LabelledText> validation, List<LabelledText> test, PromptSpec prompt) {

    public TaskData {
        labels = List.copyOf(labels);
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
    }

    public TaskData(String taskId, int revision, List<String> labels, List<LabelledText> train,
            List<LabelledText> validation, List<LabelledText> test) {
        this(taskId, revision, labels, train, validation, test, null);
    }

    public TaskLabels taskLabels() {
        return new TaskLabels(taskId, labels, prompt);
    }
}
