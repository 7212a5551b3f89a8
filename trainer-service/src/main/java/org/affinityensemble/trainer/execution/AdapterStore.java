package org.affinityensemble.trainer.execution;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.affinityensemble.model.encoder.BertConfig;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.PeftAdapterFiles;
import org.affinityensemble.model.lora.PeftAdapterFormat;
import org.affinityensemble.storage.ObjectStore;
import org.affinityensemble.storage.StorageLayout;

/**
 * Adapters in the object store in the Hugging Face PEFT layout, one prefix per adapter
 * ({@code adapters/{adapterId}/adapter_config.json} and {@code adapter_model.safetensors}). The weights are
 * written before the config, so a prefix with a config is complete.
 */
public final class AdapterStore {

    private final ObjectStore store;

    public AdapterStore(ObjectStore store) {
        this.store = store;
    }

    /** Writes an adapter; returns its prefix. */
    public String write(String adapterId, LoraAdapter adapter, String baseModelId) {
        PeftAdapterFiles files = PeftAdapterFormat.write(adapter, baseModelId);
        store.put(StorageLayout.adapterWeights(adapterId), files.adapterModel(), "application/octet-stream");
        store.put(StorageLayout.adapterConfig(adapterId), files.adapterConfig(), "application/json");
        return StorageLayout.adapterPrefix(adapterId);
    }

    /** Reads an adapter for a base model of the given architecture. */
    public LoraAdapter read(String adapterId, BertConfig base) {
        PeftAdapterFiles files = new PeftAdapterFiles(store.get(StorageLayout.adapterConfig(adapterId)),
                store.get(StorageLayout.adapterWeights(adapterId)));
        try {
            return PeftAdapterFormat.read(files, base);
        } catch (IOException e) {
            throw new UncheckedIOException("adapter " + adapterId + " is unreadable", e);
        }
    }
}
