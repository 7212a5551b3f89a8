package org.affinityensemble.inference.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import org.affinityensemble.model.task.LanguageModel;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.storage.AdapterStore;
import org.affinityensemble.storage.EnsembleManifest;
import org.affinityensemble.storage.ObjectStore;

/**
 * Reads what the trainer stored for an ensemble version: the manifest, and each adapter in the PEFT layout
 * ({@code adapter_config.json} + {@code adapter_model.safetensors}) under its prefix.
 */
@ApplicationScoped
public class EnsembleObjects {

    @Inject
    ObjectStore store;

    /** The bucket this service reads. */
    public String bucket() {
        return store.bucket();
    }

    /** The keys stored under a prefix. */
    public java.util.List<String> keys(String prefix) {
        return store.list(prefix);
    }

    public EnsembleManifest manifest(String key) {
        return EnsembleManifest.fromJson(store.get(key));
    }

    /** Reads one adapter of the given base model (in its architecture's PEFT names). */
    public LoraAdapter adapter(EnsembleManifest.AdapterEntry entry, LanguageModel base) throws IOException {
        try {
            return new AdapterStore(store).readPrefix(entry.prefix(), base);
        } catch (AdapterStore.AdapterUnavailableException e) {
            throw new IOException("adapter " + entry.adapterId() + " " + e.getMessage(), e);
        }
    }
}
