package org.affinityensemble.model.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.affinityensemble.model.encoder.AttentionModule;
import org.affinityensemble.model.encoder.ProjectionAdaptation;
import org.affinityensemble.model.runtime.HostArrays;

/**
 * "Merged" mode: the weighted LoRA updates of several adapters folded into the base weights, so an adapted
 * projection is one plain linear map {@code x·(W + ΔW)ᵀ + b} with
 * {@code ΔW = Σ_k w_k·(alpha_k/r_k)·(A_k·B_k)ᵀ} ([out, in], the orientation of W). One forward pass then costs
 * what the frozen model costs, whatever the number of adapters. The deltas are computed once, in the caller's
 * manager; not thread-safe.
 */
public final class MergedDeltas implements ProjectionAdaptation {

    private record Key(int layer, LoraModule module) {
    }

    private final Map<Key, NDArray> deltas;

    private MergedDeltas(Map<Key, NDArray> deltas) {
        this.deltas = deltas;
    }

    public static MergedDeltas of(List<LoraAdapter> adapters, double[] weights, NDManager scope, DataType type) {
        if (adapters.isEmpty() || adapters.size() != weights.length) {
            throw new IllegalArgumentException("one weight per adapter is needed");
        }
        Map<Key, NDArray> deltas = new HashMap<>();
        for (int k = 0; k < adapters.size(); k++) {
            LoraAdapter adapter = adapters.get(k);
            int rank = adapter.layout().rank();
            for (int slot = 0; slot < adapter.layout().slots().size(); slot++) {
                LoraSlot s = adapter.layout().slots().get(slot);
                NDArray a = HostArrays.create(scope, adapter.a(slot), new Shape(s.inDim(), rank), type);
                NDArray b = HostArrays.create(scope, adapter.b(slot), new Shape(rank, s.outDim()), type);
                NDArray delta = a.matMul(b).transpose().mul(weights[k] * adapter.scaling());
                deltas.merge(new Key(s.layer(), s.target()), delta, NDArray::add);
            }
        }
        return new MergedDeltas(deltas);
    }

    /** ΔW [out, in] of one projection, or null when no adapter targets it. */
    public NDArray delta(int layer, LoraModule module) {
        return deltas.get(new Key(layer, module));
    }

    @Override
    public NDArray project(int layer, AttentionModule module, NDArray input, NDArray weight, NDArray bias) {
        return project(layer, (LoraModule) module, input, weight, bias);
    }

    /** Any architecture's map; ΔW is cast to the base weight's type (merged serving of a bf16/fp16 base). */
    @Override
    public NDArray project(int layer, LoraModule module, NDArray input, NDArray weight, NDArray bias) {
        NDArray delta = deltas.get(new Key(layer, module));
        if (delta == null) {
            return LinearAdaptation.linear(input, weight, bias);
        }
        NDArray cast = delta.getDataType() == weight.getDataType() ? delta : delta.toType(weight.getDataType(), false);
        return LinearAdaptation.linear(input, cast.add(weight), bias);
    }
}
