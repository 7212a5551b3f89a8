package org.affinityensemble.training.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.encoder.ModelReference;
import org.affinityensemble.model.train.TrainingConfig;
import org.affinityensemble.storage.EnsembleManifest.AdapterEntry.Kind;

/**
 * The training run of a meta-initialisation θ* (ADR 0047): one adapter trained from the LoRA initialisation on
 * every given task's training split, A and B, executed like any other run (in process, or as a Kubernetes Job on
 * the GPU node pool). Its run id and adapter id are {@code meta-} and a hash of everything θ* depends on (model,
 * LoRA configuration, training settings, the tasks and their revisions), so asking again for the same θ* names
 * the same run.
 */
public final class MetaAdapterRun {

    /** The group id of every θ* run (θ* belongs to no group). */
    public static final String GROUP_ID = "meta";

    private MetaAdapterRun() {
    }

    /** The spec of θ* over {@code tasks} (in any order: they are sorted by id). */
    public static TrainingRunSpec spec(List<TaskSource> tasks, ModelReference model, LoraSpec lora,
            TrainingConfig training) {
        List<TaskSource> sorted = tasks.stream().sorted(Comparator.comparing(TaskSource::taskId)).toList();
        String id = adapterId(model, lora, training, datasets(sorted));
        return new TrainingRunSpec(TrainingRunSpec.SCHEMA_VERSION, id, GROUP_ID, Kind.META, id, sorted, model, lora,
                training, Map.of(), null);
    }

    /** The tasks of a spec as {@code id@revision}, sorted. */
    public static List<String> datasets(List<TaskSource> tasks) {
        return tasks.stream().map(t -> t.taskId() + "@" + t.revision()).sorted().toList();
    }

    /** {@code meta-} and 12 hex digits of a SHA-256 over everything θ* depends on. */
    static String adapterId(ModelReference model, LoraSpec lora, TrainingConfig training, List<String> datasets) {
        String canonical = model.modelId() + "|" + lora + "|" + training + "|" + String.join(",", datasets);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return "meta-" + HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
