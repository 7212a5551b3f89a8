package org.affinityensemble.training.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.affinityensemble.events.TrainingResult;
import org.affinityensemble.model.classify.ClassifierSettings;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.task.LanguageModel;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.train.EpochReport;
import org.affinityensemble.model.train.TrainingOutcome;
import org.affinityensemble.storage.AdapterStore;
import org.affinityensemble.storage.EnsembleManifest.AdapterEntry.Kind;
import org.affinityensemble.storage.ObjectStore;
import org.affinityensemble.training.AdapterTrainer;
import org.affinityensemble.training.TaskClassifiers;
import org.affinityensemble.training.TaskData;

/**
 * Executes one attempt of a training run wherever it runs (the trainer's own worker or a Kubernetes Job): reads
 * the group's splits from the object store, trains the adapter from the spec's start (cross-entropy for a group,
 * the residual objective for boosting, cross-entropy on every task for a meta-initialisation θ*), writes it in the
 * PEFT layout under its prefix, and returns the result to publish. Metrics are those of the kept checkpoint:
 * {@code validation_accuracy}, {@code validation_loss}, {@code train_loss}, {@code best_epoch} (for θ*, the last
 * epoch's {@code train_loss} and {@code train_loss_epoch_E}), plus {@code skipped_steps}, {@code train_examples},
 * {@code validation_examples}, {@code seconds} and {@code resumed_from_epoch} (the epoch whose checkpoint an earlier
 * attempt left, 0 when none: training resumes after it, with the result an uninterrupted run gives).
 */
public final class TrainingRunner {

    private final ObjectStore store;
    private final LanguageModel model;

    public TrainingRunner(ObjectStore store, LanguageModel model) {
        this.store = store;
        this.model = model;
    }

    public TrainingResult run(TrainingRunSpec spec, int attempt) {
        if (!model.modelId().equals(spec.model().modelId())) {
            throw new IllegalStateException("run " + spec.runId() + " is for model " + spec.model().modelId()
                    + ", this process loaded " + model.modelId());
        }
        long started = System.nanoTime();
        StoredSplits splits = new StoredSplits(store);
        List<TaskData> tasks = new ArrayList<>();
        Map<LabelledText, Double> residuals = new HashMap<>();
        for (TaskSource source : spec.tasks()) {
            List<StoredExample> train = splits.read(source, source.trainKey());
            List<StoredExample> validation = splits.read(source, source.validationKey());
            tasks.add(new TaskData(source.taskId(), source.revision(), source.labels(), examples(train),
                    examples(validation), List.of(), source.prompt()));
            if (spec.kind() == Kind.BOOST) {
                Map<String, Double> byId = spec.residuals().getOrDefault(source.taskId(), Map.of());
                for (StoredExample example : concat(train, validation)) {
                    Double r = byId.get(example.sampleId());
                    if (r == null) {
                        throw new IllegalStateException("run " + spec.runId() + " has no residual for "
                                + source.taskId() + "/" + example.sampleId());
                    }
                    residuals.put(example.example(), r);
                }
            }
        }
        TaskClassifiers classifiers = new TaskClassifiers(model,
                new ClassifierSettings(spec.model().scale(), spec.training().maxLength()));
        StoredCheckpoints checkpoints = new StoredCheckpoints(store, spec.runId());
        AdapterTrainer trainer = (spec.start() == null ? new AdapterTrainer(classifiers, spec.lora(), spec.training())
                : new AdapterTrainer(classifiers, new AdapterStore(store).read(spec.start().adapterId(), model),
                        spec.training())).checkpointingTo(checkpoints);
        TrainingOutcome outcome = switch (spec.kind()) {
            case GROUP -> trainer.trainGroup(tasks);
            case BOOST -> trainer.trainResidual(tasks, residuals);
            case META -> trainer.trainMetaInitialisation(tasks);
        };
        // θ* is the adapter after its last epoch: it is a start, and choosing a checkpoint would peek at validation.
        LoraAdapter kept = spec.kind() == Kind.META ? outcome.last() : outcome.best();
        String prefix = new AdapterStore(store).write(spec.adapterId(), kept, model);
        checkpoints.discard();
        Map<String, Double> metrics = spec.kind() == Kind.META
                ? metaMetrics(outcome, tasks, (System.nanoTime() - started) / 1e9)
                : metrics(outcome, tasks, (System.nanoTime() - started) / 1e9);
        return new TrainingResult(spec.runId(), spec.groupId(), attempt, TrainingResult.Status.SUCCEEDED, prefix,
                metrics, "");
    }

    private static Map<String, Double> metrics(TrainingOutcome outcome, List<TaskData> tasks, double seconds) {
        EpochReport best = outcome.bestReport();
        Map<String, Double> metrics = new LinkedHashMap<>();
        putFinite(metrics, "validation_accuracy", best.validationAccuracy());
        putFinite(metrics, "validation_loss", best.validationLoss());
        putFinite(metrics, "train_loss", best.trainLoss());
        metrics.put("best_epoch", (double) outcome.bestEpoch());
        common(metrics, outcome, tasks, seconds);
        return metrics;
    }

    /** θ*'s: {@code train_loss_epoch_E} for each epoch, {@code train_loss} of the last, and the common ones. */
    private static Map<String, Double> metaMetrics(TrainingOutcome outcome, List<TaskData> tasks, double seconds) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (EpochReport report : outcome.epochs()) {
            if (report.epoch() > 0) {
                putFinite(metrics, "train_loss_epoch_" + report.epoch(), report.trainLoss());
            }
        }
        putFinite(metrics, "train_loss", outcome.epochs().get(outcome.epochs().size() - 1).trainLoss());
        common(metrics, outcome, tasks, seconds);
        return metrics;
    }

    private static void common(Map<String, Double> metrics, TrainingOutcome outcome, List<TaskData> tasks,
            double seconds) {
        metrics.put("skipped_steps", (double) outcome.skippedSteps());
        metrics.put("resumed_from_epoch", (double) outcome.resumedFromEpoch());
        metrics.put("train_examples", (double) tasks.stream().mapToInt(t -> t.train().size()).sum());
        metrics.put("validation_examples", (double) tasks.stream().mapToInt(t -> t.validation().size()).sum());
        metrics.put("seconds", seconds);
    }

    private static void putFinite(Map<String, Double> metrics, String name, double value) {
        if (Double.isFinite(value)) {
            metrics.put(name, value);
        }
    }

    private static List<LabelledText> examples(List<StoredExample> stored) {
        return stored.stream().map(StoredExample::example).toList();
    }

    private static List<StoredExample> concat(List<StoredExample> a, List<StoredExample> b) {
        List<StoredExample> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
