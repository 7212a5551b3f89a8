package org.affinityensemble.serving;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.affinityensemble.model.encoder.AttentionModule;
import org.affinityensemble.model.encoder.BaseModel;
import org.affinityensemble.model.encoder.BertWeightNames;
import org.affinityensemble.model.tensor.HostTensor;

/**
 * The base model's attention projection weights W [out, in] as host tensors, copied once, so that every ensemble
 * load can merge LoRA updates into them without copying the whole model out of native memory again.
 */
public final class BaseProjectionWeights {

    private final Map<Integer, Map<AttentionModule, HostTensor>> byLayer;

    private BaseProjectionWeights(Map<Integer, Map<AttentionModule, HostTensor>> byLayer) {
        this.byLayer = byLayer;
    }

    public static BaseProjectionWeights of(BaseModel model) {
        Map<String, HostTensor> all = model.encoder().exportWeights();
        Map<Integer, Map<AttentionModule, HostTensor>> byLayer = new HashMap<>();
        for (int layer = 0; layer < model.config().layers(); layer++) {
            Map<AttentionModule, HostTensor> modules = new EnumMap<>(AttentionModule.class);
            for (AttentionModule module : AttentionModule.values()) {
                modules.put(module, all.get(BertWeightNames.projection(layer, module) + ".weight"));
            }
            byLayer.put(layer, modules);
        }
        return new BaseProjectionWeights(byLayer);
    }

    /** W of one projection, [out, in]. */
    public HostTensor weight(int layer, AttentionModule module) {
        Map<AttentionModule, HostTensor> modules = byLayer.get(layer);
        if (modules == null) {
            throw new IllegalArgumentException("the base model has no layer " + layer);
        }
        return modules.get(module);
    }
}
