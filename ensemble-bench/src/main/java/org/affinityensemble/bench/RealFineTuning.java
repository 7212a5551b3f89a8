package org.affinityensemble.bench;

import java.util.List;
import java.util.Map;
import org.affinityensemble.affinity.TaskSubset;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.train.CrossEntropyObjective;
import org.affinityensemble.model.train.LoraTrainer;
import org.affinityensemble.model.train.TrainingOutcome;

/**
 * What the surrogate stands in for: fine-tuning one LoRA adapter for real on a subset's training examples with
 * the trainer service's code ({@link LoraTrainer}, cross-entropy, AdamW), from the same initialisation the
 * gradients were taken at, then measuring each task's validation loss ({@link ValidationLosses}) of the adapter
 * after the last epoch. No checkpoint is selected (that would peek at the validation data), so the trainer's own
 * per-epoch validation, which only serves that selection, is given the first validation example of each task:
 * it then costs next to nothing and still yields the zero-shot check of {@link Outcome#zeroShotLoss()}.
 */
public final class RealFineTuning {

    private final LoraTrainer trainer;
    private final ValidationLosses losses;
    private final LoraAdapter initialisation;
    private final BenchmarkTasks data;

    public RealFineTuning(LoraTrainer trainer, ValidationLosses losses, LoraAdapter initialisation,
            BenchmarkTasks data) {
        this.trainer = trainer;
        this.losses = losses;
        this.initialisation = initialisation;
        this.data = data;
    }

    /**
     * The result of one subset: per-task validation loss after fine-tuning, the mean cross-entropy the trainer
     * reported before its first step on its validation examples {@code probes} (a consistency check against
     * f0), the adapter, and the seconds spent training and measuring the per-task losses.
     */
    public record Outcome(TaskSubset subset, Map<String, Double> losses, List<LabelledText> probes,
            double zeroShotLoss, LoraAdapter adapter, double trainSeconds, double evaluationSeconds) {

        public double seconds() {
            return trainSeconds + evaluationSeconds;
        }
    }

    public Outcome fineTune(TaskSubset subset) {
        List<LabelledText> train = data.texts(subset.tasks(), false);
        List<LabelledText> validation = data.texts(subset.tasks(), true);
        List<LabelledText> probes = subset.tasks().stream()
                .map(task -> validation.stream().filter(t -> t.taskId().equals(task)).findFirst().orElseThrow())
                .toList();
        long started = System.nanoTime();
        TrainingOutcome outcome = trainer.train(initialisation, train, probes, new CrossEntropyObjective());
        long trained = System.nanoTime();
        Map<String, Double> perTask = losses.perTask(outcome.last(), validation);
        long evaluated = System.nanoTime();
        return new Outcome(subset, perTask, probes, outcome.epochs().get(0).validationLoss(), outcome.last(),
                (trained - started) / 1e9, (evaluated - trained) / 1e9);
    }
}
