package org.affinityensemble.training;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.affinityensemble.model.classify.ClassifierSettings;
import org.affinityensemble.model.classify.TaskLabels;
import org.affinityensemble.model.task.LanguageModel;
import org.affinityensemble.model.task.TaskClassifier;

/**
 * Classifiers for one base model and classifier setting, over any set of tasks: the encoder's prototype classifier
 * (label names embedded by the frozen model once per task set, so training, weighting and evaluation see the same
 * prototypes) or a decoder's label-word classifier (each task's prompt). Thread-safe.
 */
public final class TaskClassifiers {

    private final LanguageModel model;
    private final ClassifierSettings settings;
    private final Map<List<TaskLabels>, TaskClassifier> classifiers = new ConcurrentHashMap<>();

    public TaskClassifiers(LanguageModel model, ClassifierSettings settings) {
        this.model = model;
        this.settings = settings;
    }

    public LanguageModel model() {
        return model;
    }

    /** A classifier that scores examples of any of the given tasks. */
    public TaskClassifier forTasks(List<TaskLabels> tasks) {
        return classifiers.computeIfAbsent(List.copyOf(tasks), key -> model.classifier(key, settings));
    }

    /** A classifier for one task. */
    public TaskClassifier forTask(TaskLabels task) {
        return forTasks(List.of(task));
    }
}
