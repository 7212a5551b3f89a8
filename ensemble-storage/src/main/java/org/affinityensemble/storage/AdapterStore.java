package org.affinityensemble.storage;

import java.io.IOException;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.PeftAdapterFiles;
import org.affinityensemble.model.task.LanguageModel;

/**
 * Adapters in the object store in the Hugging Face PEFT layout, one prefix per adapter
 * ({@code adapters/{adapterId}/adapter_config.json} and {@code adapter_model.safetensors}). The weights are
 * written before the config, so a prefix with a config is complete; the tensor names and {@code task_type} are those
 * PEFT uses for the base model's architecture ({@link LanguageModel#writeAdapter}). The one way every service and
 * Job reads and writes adapters.
 */
public final class AdapterStore {

    private final ObjectStore store;

    public AdapterStore(ObjectStore store) {
        this.store = store;
    }

    /** Writes an adapter under {@code adapters/{adapterId}/}; returns that prefix. */
    public String write(String adapterId, LoraAdapter adapter, LanguageModel base) {
        PeftAdapterFiles files = base.writeAdapter(adapter);
        store.put(StorageLayout.adapterWeights(adapterId), files.adapterModel(), "application/octet-stream");
        store.put(StorageLayout.adapterConfig(adapterId), files.adapterConfig(), "application/json");
        return StorageLayout.adapterPrefix(adapterId);
    }

    /** Reads the adapter stored under {@code adapters/{adapterId}/} for the given base model. */
    public LoraAdapter read(String adapterId, LanguageModel base) {
        return readPrefix(StorageLayout.adapterPrefix(adapterId), base);
    }

    /**
     * Reads the adapter under {@code prefix} (as a manifest or a training result names it).
     *
     * @throws AdapterUnavailableException when the prefix holds no complete adapter, or one that does not parse
     *         or does not fit {@code base}; a failure to reach the store is an {@link ObjectStoreException}
     */
    public LoraAdapter readPrefix(String prefix, LanguageModel base) {
        String dir = prefix.endsWith("/") ? prefix : prefix + "/";
        byte[] config = store.find(dir + StorageLayout.ADAPTER_CONFIG).orElseThrow(() ->
                new AdapterUnavailableException(true, "is not in the object store (" + store.bucket() + "/" + dir
                        + StorageLayout.ADAPTER_CONFIG + ")", null));
        byte[] weights = store.find(dir + StorageLayout.ADAPTER_WEIGHTS).orElseThrow(() ->
                new AdapterUnavailableException(true, "is not in the object store (" + store.bucket() + "/" + dir
                        + StorageLayout.ADAPTER_WEIGHTS + ")", null));
        try {
            return base.readAdapter(new PeftAdapterFiles(config, weights));
        } catch (IOException | RuntimeException e) {
            throw new AdapterUnavailableException(false, "is unreadable (" + dir + "): " + e.getMessage(), e);
        }
    }

    /**
     * A stored adapter that is missing or incomplete ({@link #missing()}), or does not parse or fit the base model:
     * the input naming it is wrong. The message completes a sentence whose subject is the adapter ("start adapter
     * X " + message).
     */
    public static final class AdapterUnavailableException extends RuntimeException {

        private static final long serialVersionUID = 1L;
        private final boolean missing;

        public AdapterUnavailableException(boolean missing, String message, Throwable cause) {
            super(message, cause);
            this.missing = missing;
        }

        public boolean missing() {
            return missing;
        }
    }
}
