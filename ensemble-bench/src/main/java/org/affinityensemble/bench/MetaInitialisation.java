package org.affinityensemble.bench;

import java.util.List;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.train.CrossEntropyObjective;
import org.affinityensemble.model.train.EpochReport;
import org.affinityensemble.model.train.LoraTrainer;
import org.affinityensemble.model.train.TrainingOutcome;
import org.affinityensemble.training.AdapterTrainer;

/**
 * The paper's meta-initialisation θ* ({@code --meta-init-epochs=E}): one adapter trained from the LoRA
 * initialisation θ0 on the union of every benchmark task's training examples, with the trainer's code and
 * configuration (LoRA configuration, learning rate, weight decay, batch, seed) for E epochs. The benchmark then
 * linearises around θ* (f0 and the projected gradients) and fine-tunes every subset from θ*.
 *
 * <p>As for the subsets ({@link RealFineTuning}), the adapter after the last epoch is taken, no checkpoint is
 * selected (that would peek at the validation data), and the trainer's own validation is given only the first
 * validation example of each task, as for the trainer-service's θ* ({@link AdapterTrainer#trainMetaInitialisation}).
 */
public final class MetaInitialisation {

    private MetaInitialisation() {
    }

    /**
     * θ* and how it was reached.
     *
     * @param adapter     θ*
     * @param epochs      its training epochs E
     * @param examples    the training examples it was trained on (every task's)
     * @param trainLosses the mean training loss of each epoch, in order
     * @param seconds     wall-clock seconds of the training
     */
    public record Result(LoraAdapter adapter, int epochs, int examples, List<Double> trainLosses, double seconds) {

        public Result {
            trainLosses = List.copyOf(trainLosses);
        }
    }

    /** Trains θ* from {@code start} (θ0) with {@code trainer}, whose configuration holds the epochs E. */
    public static Result train(LoraTrainer trainer, LoraAdapter start, BenchmarkTasks data) {
        List<LabelledText> train = trainingExamples(data);
        long started = System.nanoTime();
        TrainingOutcome outcome = trainer.train(start, train, probes(data), new CrossEntropyObjective());
        double seconds = (System.nanoTime() - started) / 1e9;
        List<Double> losses = outcome.epochs().stream().filter(report -> report.epoch() > 0)
                .map(EpochReport::trainLoss).toList();
        return new Result(outcome.last(), trainer.config().epochs(), train.size(), losses, seconds);
    }

    /** The union of all tasks' training examples, in task order (the trainer shuffles them). */
    static List<LabelledText> trainingExamples(BenchmarkTasks data) {
        return data.texts(data.taskIds(), false);
    }

    /** The first validation example of each task that has one, in task order: the trainer's cheap validation. */
    static List<LabelledText> probes(BenchmarkTasks data) {
        return AdapterTrainer.firstOfEachTask(data.texts(data.taskIds(), true));
    }
}
