package org.affinityensemble.inference.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import org.affinityensemble.model.task.LanguageModel;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.probe.LinearProbe;
import org.affinityensemble.storage.AdapterStore;
import org.affinityensemble.storage.EnsembleManifest;
import org.affinityensemble.storage.ObjectStore;
import org.affinityensemble.storage.StorageLayout;

/**
 * Reads what the trainer stored for an ensemble version: the manifest, and each adapter in the PEFT layout
 * ({@code adapter_config.json} + {@code adapter_model.safetensors}) under its prefix, and each task's linear probe
 * member (ADR 0124).
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

    /**
     * Reads a task's probe member, only from where its version stores it ({@link StorageLayout#ensembleProbe}):
     * a manifest cannot make this service read another object as a probe.
     */
    public LinearProbe probe(EnsembleManifest manifest, String task) throws IOException {
        EnsembleManifest.ProbeEntry entry = manifest.tasks().get(task).probe();
        String expected = StorageLayout.ensembleProbe(manifest.baseModelId(), manifest.ensembleVersion(), task);
        if (!entry.key().equals(expected)) {
            throw new IllegalArgumentException("task " + task + "'s probe is at " + entry.key() + ", not at "
                    + expected + " where ensemble v" + manifest.ensembleVersion() + " stores it");
        }
        try {
            return LinearProbe.fromBytes(store.get(entry.key()));
        } catch (IllegalArgumentException e) {
            throw new IOException("task " + task + "'s probe " + entry.key() + ": " + e.getMessage(), e);
        }
    }
}
