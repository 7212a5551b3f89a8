package org.affinityensemble.training.run;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.events.StartAdapter;
import org.affinityensemble.model.encoder.ModelReference;
import org.affinityensemble.model.train.TrainingConfig;
import org.affinityensemble.storage.EnsembleManifest.AdapterEntry.Kind;

/**
 * Everything one training run needs, written by the trainer-service to the object store at {@link #key} before
 * the run starts, and read by whoever executes it (an in-process worker or a Kubernetes Job): the group's tasks
 * and where their data is, the model, LoRA and training settings, the adapter id to write, and for a boosting
 * run the residual r(x) = 1 − p_ens(y|x) of every training and validation sample ({@code residuals}: task id →
 * sample id → r), and the adapter the run starts from ({@code start}: null for the LoRA initialisation, else the
 * meta-initialisation θ* in the object store; {@code training.freezeA} then says whether A stays at θ*'s value).
 * Attempts of a run share the spec.
 */
public record TrainingRunSpec(int schemaVersion, String runId, String groupId, Kind kind, String adapterId,
        List<TaskSource> tasks, ModelReference model, LoraSpec lora, TrainingConfig training,
        Map<String, Map<String, Double>> residuals, StartAdapter start) {

    public static final int SCHEMA_VERSION = 1;

    public TrainingRunSpec {
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("unsupported training spec version " + schemaVersion);
        }
        tasks = List.copyOf(tasks);
        residuals = residuals == null ? Map.of() : Map.copyOf(residuals);
        if (kind == Kind.BOOST && residuals.isEmpty()) {
            throw new IllegalArgumentException("a boosting run needs residuals");
        }
        if (kind == Kind.META && (start != null || !residuals.isEmpty() || training.freezeA())) {
            throw new IllegalArgumentException("a meta-initialisation trains A and B from the LoRA initialisation");
        }
        if (start != null && start.frozenA() && !training.freezeA()) {
            throw new IllegalArgumentException("a run from " + start.adapterId() + " with A frozen must train B only");
        }
    }

    /** The object key of a run's spec. */
    public static String key(String runId) {
        return "runs/" + runId + "/spec.json";
    }

    /** Where the run's latest training checkpoint is kept while it trains (every attempt of the run resumes it). */
    public static String checkpointKey(String runId) {
        return "runs/" + runId + "/checkpoint.safetensors";
    }

    public byte[] toJson() {
        try {
            return EventCodec.mapper().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TrainingRunSpec fromJson(byte[] json) {
        try {
            return EventCodec.mapper().readValue(json, TrainingRunSpec.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a training run spec: " + e.getMessage(), e);
        }
    }
}
