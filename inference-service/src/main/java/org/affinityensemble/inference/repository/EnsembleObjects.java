package org.affinityensemble.inference.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import org.affinityensemble.model.encoder.BertConfig;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.PeftAdapterFiles;
import org.affinityensemble.model.lora.PeftAdapterFormat;
import org.affinityensemble.storage.EnsembleManifest;
import org.affinityensemble.storage.ObjectStore;
import org.affinityensemble.storage.StorageLayout;

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

    public EnsembleManifest manifest(String key) {
        return EnsembleManifest.fromJson(store.get(key));
    }

    /** Reads one adapter for a base model of the given architecture. */
    public LoraAdapter adapter(EnsembleManifest.AdapterEntry entry, BertConfig base) throws IOException {
        String prefix = entry.prefix().endsWith("/") ? entry.prefix() : entry.prefix() + "/";
        PeftAdapterFiles files = new PeftAdapterFiles(store.get(prefix + StorageLayout.ADAPTER_CONFIG),
                store.get(prefix + StorageLayout.ADAPTER_WEIGHTS));
        try {
            return PeftAdapterFormat.read(files, base);
        } catch (IOException | RuntimeException e) {
            throw new IOException("adapter " + entry.adapterId() + " at " + prefix + " is unreadable: "
                    + e.getMessage(), e);
        }
    }
}
