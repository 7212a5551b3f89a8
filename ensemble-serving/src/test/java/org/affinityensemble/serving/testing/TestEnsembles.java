package org.affinityensemble.serving.testing;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.encoder.BertConfig;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.storage.EnsembleManifest;
import org.affinityensemble.storage.StorageLayout;

/** Real adapters and manifests for the tests: LoRA initialisations whose B is drawn from a seeded Gaussian. */
public final class TestEnsembles {

    /** UCI Sentiment Labelled Sentences (CC BY 4.0, Kotzias et al. 2015), imdb and amazon parts. */
    public static final List<String> SENTENCES = List.of(
            "A very, very, very slow-moving, aimless movie about a distressed, drifting young man.",
            "Saw the movie today and thought it was a good effort, good messages for kids.",
            "Wasted two hours.",
            "Loved the casting of Jimmy Buffet as the science teacher.",
            "Good case, Excellent value.",
            "Needless to say, I wasted my money.",
            "And the sound quality is great.",
            "What a waste of money and time!.");

    public static final List<String> SENTIMENT = List.of("negative", "positive");

    private TestEnsembles() {
    }

    /** A LoRA r=8 adapter on q,k,v with A as initialised from {@code seed} and B ~ N(0, sigma²) from it too. */
    public static LoraAdapter adapter(BertConfig config, long seed, double sigma) {
        return withRandomB(LoraAdapter.initialise(new LoraSpec(8, 16, List.of("q", "k", "v"), seed), config), seed,
                sigma);
    }

    /** {@code initial} (any model's layout) with B ~ N(0, sigma²) drawn from {@code seed}, A kept. */
    public static LoraAdapter withRandomB(LoraAdapter initial, long seed, double sigma) {
        float[] values = initial.parameters();
        SplittableRandom random = new SplittableRandom(seed * 7919 + 1);
        for (int slot = 0; slot < initial.layout().slots().size(); slot++) {
            int start = (int) initial.layout().bOffset(slot);
            for (int i = 0; i < initial.layout().bSize(slot); i++) {
                values[start + i] = (float) (sigma * random.nextGaussian());
            }
        }
        return initial.withParameters(values);
    }

    public static EnsembleManifest.AdapterEntry entry(String adapterId, EnsembleManifest.AdapterEntry.Kind kind,
            String groupId, List<String> tasks) {
        return new EnsembleManifest.AdapterEntry(adapterId, kind, groupId, tasks,
                StorageLayout.adapterPrefix(adapterId), Map.of("train_loss", 0.25));
    }

    public static EnsembleManifest.TaskEntry task(Map<String, Double> weights, Double validationAccuracy) {
        return new EnsembleManifest.TaskEntry(SENTIMENT, weights, validationAccuracy, null);
    }

    public static EnsembleManifest manifest(long version, String baseModelId, List<EnsembleManifest.AdapterEntry> adapters,
            Map<String, EnsembleManifest.TaskEntry> tasks) {
        return manifest(version, baseModelId, adapters, tasks, null);
    }

    /** The same, with the θ* its adapters start from (null: the LoRA initialisation). */
    public static EnsembleManifest manifest(long version, String baseModelId, List<EnsembleManifest.AdapterEntry> adapters,
            Map<String, EnsembleManifest.TaskEntry> tasks, EnsembleManifest.StartEntry start) {
        return new EnsembleManifest(EnsembleManifest.SCHEMA_VERSION, version, baseModelId, 64, 20, 1, adapters, tasks,
                "2026-11-28T12:00:00Z", start);
    }
}
