package org.affinityensemble.serving;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.affinityensemble.model.lora.LoraModule;
import org.affinityensemble.model.task.LanguageModel;
import org.affinityensemble.model.tensor.HostTensor;

/**
 * The base model's adaptable weights W [out, in] as host tensors, each copied out of native memory once, when an
 * ensemble first merges into it, so that every later ensemble load merges its LoRA updates without copying again
 * (only the maps adapters target are ever copied: for a decoder LM, q, k and v by default, not the whole model).
 * Thread-safe.
 */
public final class BaseProjectionWeights {

    private record Key(int layer, LoraModule module) {
    }

    private final LanguageModel model;
    private final Map<Key, HostTensor> copied = new ConcurrentHashMap<>();

    private BaseProjectionWeights(LanguageModel model) {
        this.model = model;
    }

    public static BaseProjectionWeights of(LanguageModel model) {
        return new BaseProjectionWeights(model);
    }

    /** W of one map, [out, in]. */
    public HostTensor weight(int layer, LoraModule module) {
        return copied.computeIfAbsent(new Key(layer, module), key -> model.baseWeight(layer, module));
    }
}
