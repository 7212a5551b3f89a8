package org.affinityensemble.trainer.execution;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.classify.ClassifierSettings;
import org.affinityensemble.model.encoder.BaseModel;
import org.affinityensemble.model.train.EpochReport;
import org.affinityensemble.model.train.TrainingConfig;
import org.affinityensemble.model.train.TrainingOutcome;
import org.affinityensemble.storage.ObjectStore;
import org.affinityensemble.trainer.training.AdapterTrainer;
import org.affinityensemble.trainer.training.TaskClassifiers;
import org.affinityensemble.trainer.training.TaskData;

/**
 * Trains a meta-initialisation θ* from the LoRA initialisation on every given task's training split (A and B, with
 * {@link AdapterTrainer#trainMetaInitialisation}) and writes it in the PEFT layout. Its id is a hash of what it
 * depends on (model, LoRA configuration, training settings, the tasks and their revisions), so training it again
 * after a crash writes the same adapter under the same id.
 */
public final class MetaAdapterTraining {

    /** θ* as stored: its id and prefix, the tasks ({@code id@revision}), examples and per-epoch losses. */
    public record Result(String adapterId, String prefix, List<String> datasets, long trainExamples,
            Map<String, Double> metrics) {
    }

    private final ObjectStore store;
    private final BaseModel model;

    public MetaAdapterTraining(ObjectStore store, BaseModel model) {
        this.store = store;
        this.model = model;
    }

    public Result train(List<TaskSource> tasks, ModelReference reference, LoraSpec lora, TrainingConfig config) {
        List<TaskSource> sorted = tasks.stream().sorted(Comparator.comparing(TaskSource::taskId)).toList();
        List<String> datasets = sorted.stream().map(t -> t.taskId() + "@" + t.revision()).toList();
        String adapterId = adapterId(reference, lora, config, datasets);
        long started = System.nanoTime();
        StoredSplits splits = new StoredSplits(store);
        List<TaskData> data = new ArrayList<>();
        for (TaskSource source : sorted) {
            data.add(splits.taskData(source));
        }
        TaskClassifiers classifiers = new TaskClassifiers(model,
                new ClassifierSettings(reference.scale(), config.maxLength()));
        TrainingOutcome outcome = new AdapterTrainer(classifiers, lora, config).trainMetaInitialisation(data);
        String prefix = new AdapterStore(store).write(adapterId, outcome.last(), model.modelId());
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (EpochReport report : outcome.epochs()) {
            if (report.epoch() > 0 && Double.isFinite(report.trainLoss())) {
                metrics.put("train_loss_epoch_" + report.epoch(), report.trainLoss());
            }
        }
        metrics.put("skipped_steps", (double) outcome.skippedSteps());
        metrics.put("seconds", (System.nanoTime() - started) / 1e9);
        long examples = data.stream().mapToLong(t -> t.train().size()).sum();
        return new Result(adapterId, prefix, datasets, examples, metrics);
    }

    /** {@code meta-} and 12 hex digits of a SHA-256 over everything θ* depends on. */
    static String adapterId(ModelReference reference, LoraSpec lora, TrainingConfig config, List<String> datasets) {
        String canonical = reference.modelId() + "|" + lora + "|" + config + "|" + String.join(",", datasets);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return "meta-" + HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
