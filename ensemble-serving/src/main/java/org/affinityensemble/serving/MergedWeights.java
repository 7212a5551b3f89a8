package org.affinityensemble.serving;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.affinityensemble.model.lora.LinearAdaptation;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.LoraModule;
import org.affinityensemble.model.lora.LoraSlot;
import org.affinityensemble.model.lora.MergedDeltas;
import org.affinityensemble.model.runtime.HostArrays;

/**
 * Merged mode for one task: W' = W + Σ_k w_k·(alpha_k/r_k)·(A_k·B_k)ᵀ computed once per adapted projection (with
 * ensemble-model's {@link MergedDeltas}) and kept in the ensemble's native memory, so that a forward pass is the
 * base model's forward pass with other weights. {@link MergedDeltas} itself adds ΔW to W on every call, which
 * would allocate in its own long-lived manager; this keeps only the sums. Read-only after construction, so
 * concurrent forward passes may share it.
 */
public final class MergedWeights implements LinearAdaptation {

    private record Key(int layer, LoraModule module) {
    }

    private final Map<Key, NDArray> weights;

    private MergedWeights(Map<Key, NDArray> weights) {
        this.weights = weights;
    }

    /** Merges the weighted adapters into the base weights; the results live in {@code target}. */
    public static MergedWeights of(List<LoraAdapter> adapters, double[] adapterWeights, BaseProjectionWeights base,
            NDManager target, DataType type) {
        Map<Key, NDArray> merged = new HashMap<>();
        try (NDManager scratch = target.newSubManager()) {
            MergedDeltas deltas = MergedDeltas.of(adapters, adapterWeights, scratch, type);
            for (LoraAdapter adapter : adapters) {
                for (LoraSlot slot : adapter.layout().slots()) {
                    Key key = new Key(slot.layer(), slot.target());
                    if (merged.containsKey(key)) {
                        continue;
                    }
                    var w = base.weight(slot.layer(), slot.target());
                    NDArray baseWeight = HostArrays.create(scratch, w.data(), new Shape(w.shape()), type);
                    NDArray sum = deltas.delta(slot.layer(), slot.target()).add(baseWeight);
                    sum.attach(target);
                    merged.put(key, sum);
                }
            }
        }
        return new MergedWeights(merged);
    }

    @Override
    public NDArray project(int layer, LoraModule module, NDArray input, NDArray weight, NDArray bias) {
        NDArray merged = weights.get(new Key(layer, module));
        return LinearAdaptation.linear(input, merged == null ? weight : merged, bias);
    }
}
