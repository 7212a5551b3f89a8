package org.affinityensemble.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnsembleManifestTest {

    @Test
    void roundTripsThroughJson() {
        EnsembleManifest manifest = new EnsembleManifest(1, 3, "sentence-transformers/all-MiniLM-L6-v2", 64, 20, 2,
                List.of(new EnsembleManifest.AdapterEntry("g-1-v2", EnsembleManifest.AdapterEntry.Kind.GROUP, "g-1",
                        List.of("sent_amazon", "sent_imdb"), "adapters/g-1-v2/", Map.of("validation_accuracy", 0.9))),
                Map.of("sent_imdb", new EnsembleManifest.TaskEntry(List.of("negative", "positive"), Map.of("g-1-v2", 1.0),
                        0.88, null)), "2026-11-28T12:00:00Z");
        EnsembleManifest back = EnsembleManifest.fromJson(manifest.toJson());
        assertThat(back).isEqualTo(manifest);
        assertThat(back.adapter("g-1-v2").tasks()).containsExactly("sent_amazon", "sent_imdb");
    }

    @Test
    void refusesWeightsOnUnknownAdaptersAndNegativeWeights() {
        assertThatThrownBy(() -> new EnsembleManifest(1, 1, "m", 64, 20, 1, List.of(),
                Map.of("t", new EnsembleManifest.TaskEntry(List.of("a", "b"), Map.of("ghost", 1.0), null, null)), "now"))
                .hasMessageContaining("unknown adapter ghost");
        assertThatThrownBy(() -> new EnsembleManifest.TaskEntry(List.of("a", "b"), Map.of("x", -0.1), null, null))
                .hasMessageContaining("non-negative");
    }
}
