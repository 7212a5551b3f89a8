package org.affinityensemble.training;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.affinityensemble.model.classify.ClassifierSettings;
import org.affinityensemble.model.classify.LabelPrototypes;
import org.affinityensemble.model.classify.PrototypeClassifier;
import org.affinityensemble.model.classify.TaskLabels;
import org.affinityensemble.model.encoder.BaseModel;

/**
 * Prototype classifiers for one base model and classifier setting, over any set of tasks. The label prototypes
 * are embedded by the frozen model and do not depend on the adapter, so training, weighting and evaluation all
 * see the same ones; each task set is embedded once. Thread-safe.
 */
public final class TaskClassifiers {

    private final BaseModel model;
    private final ClassifierSettings settings;
    private final Map<List<TaskLabels>, PrototypeClassifier> classifiers = new ConcurrentHashMap<>();

    public TaskClassifiers(BaseModel model, ClassifierSettings settings) {
        this.model = model;
        this.settings = settings;
    }

    public BaseModel model() {
        return model;
    }

    /** A classifier that scores examples of any of the given tasks. */
    public PrototypeClassifier forTasks(List<TaskLabels> tasks) {
        return classifiers.computeIfAbsent(List.copyOf(tasks), key -> new PrototypeClassifier(model,
                LabelPrototypes.embed(model, key, settings.maxLength()), settings));
    }

    /** A classifier for one task. */
    public PrototypeClassifier forTask(TaskLabels task) {
        return forTasks(List.of(task));
    }
}
