package org.affinityensemble.training;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.train.CrossEntropyObjective;
import org.affinityensemble.model.train.LoraTrainer;
import org.affinityensemble.model.train.Objective;
import org.affinityensemble.model.train.ResidualObjective;
import org.affinityensemble.model.train.TrainingCheckpoints;
import org.affinityensemble.model.train.TrainingConfig;
import org.affinityensemble.model.train.TrainingOutcome;
import org.affinityensemble.model.task.TaskClassifier;

/**
 * Trains one LoRA adapter on the tasks of a group, every adapter from the same start (the LoRA initialisation of
 * a {@code LoraSpec}'s seed, or a given adapter such as a meta-initialisation): with cross-entropy for a group's adapter (the checkpoint with the best mean validation accuracy is kept),
 * or fitted to the boosting residuals (the checkpoint with the lowest validation loss). The training examples of
 * the tasks are mixed in every batch. Thread-safe; runs are serialised by the model's autograd lock.
 */
public final class AdapterTrainer {

    private final TaskClassifiers classifiers;
    private final LoraAdapter start;
    private final TrainingConfig config;
    private final TrainingCheckpoints checkpoints;

    /** Every adapter from {@code lora}'s initialisation (B = 0, A seeded). */
    public AdapterTrainer(TaskClassifiers classifiers, LoraSpec lora, TrainingConfig config) {
        this(classifiers, classifiers.model().initialAdapter(lora), config);
    }

    /** Every adapter from {@code start}. */
    public AdapterTrainer(TaskClassifiers classifiers, LoraAdapter start, TrainingConfig config) {
        this(classifiers, start, config, TrainingCheckpoints.NONE);
    }

    private AdapterTrainer(TaskClassifiers classifiers, LoraAdapter start, TrainingConfig config,
            TrainingCheckpoints checkpoints) {
        this.classifiers = classifiers;
        this.start = start;
        this.config = config;
        this.checkpoints = checkpoints;
    }

    /** The same trainer, saving a checkpoint after every epoch to {@code checkpoints} and resuming from theirs. */
    public AdapterTrainer checkpointingTo(TrainingCheckpoints checkpoints) {
        return new AdapterTrainer(classifiers, start, config, checkpoints);
    }

    /** A group's adapter: cross-entropy on its tasks' training examples. */
    public TrainingOutcome trainGroup(List<TaskData> tasks) {
        return train(tasks, new CrossEntropyObjective());
    }

    /**
     * A boosting adapter: its centred correct-label logit fitted to r(x) on every training and validation example
     * of the tasks ({@code residuals} must hold them all).
     */
    public TrainingOutcome trainResidual(List<TaskData> tasks, Map<LabelledText, Double> residuals) {
        return train(tasks, new ResidualObjective(residuals));
    }

    /**
     * A meta-initialisation θ*: cross-entropy on the union of every task's training examples. θ* is the adapter
     * after the last epoch ({@link TrainingOutcome#last()}); no checkpoint is chosen, so the trainer's validation
     * gets only the first validation example of each task ({@link #firstOfEachTask}).
     */
    public TrainingOutcome trainMetaInitialisation(List<TaskData> tasks) {
        return train(tasks, new CrossEntropyObjective(), AdapterTrainer::firstOfEachTask);
    }

    /** The first example of each task, in order of first appearance. */
    public static List<LabelledText> firstOfEachTask(List<LabelledText> examples) {
        Set<String> seen = new LinkedHashSet<>();
        List<LabelledText> first = new ArrayList<>();
        for (LabelledText example : examples) {
            if (seen.add(example.taskId())) {
                first.add(example);
            }
        }
        return first;
    }

    private TrainingOutcome train(List<TaskData> tasks, Objective objective) {
        return train(tasks, objective, UnaryOperator.identity());
    }

    /** Trains on every task's training examples, validating on {@code validationOf} their validation examples. */
    private TrainingOutcome train(List<TaskData> tasks, Objective objective,
            UnaryOperator<List<LabelledText>> validationOf) {
        TaskClassifier classifier = classifiers.forTasks(tasks.stream().map(TaskData::taskLabels).toList());
        List<LabelledText> train = new ArrayList<>();
        List<LabelledText> validation = new ArrayList<>();
        for (TaskData task : tasks) {
            train.addAll(task.train());
            validation.addAll(task.validation());
        }
        return new LoraTrainer(classifier, config).train(start, train, validationOf.apply(validation), objective,
                checkpoints);
    }
}
