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

    @Test
    void aProbeMemberRoundTripsAndAManifestWithoutOneReadsAsBefore() {
        EnsembleManifest.ProbeEntry probe = new EnsembleManifest.ProbeEntry(0.6,
                StorageLayout.ensembleProbe("m", 4, "fortune_language"));
        EnsembleManifest manifest = new EnsembleManifest(1, 4, "m", 64, 20, 2,
                List.of(new EnsembleManifest.AdapterEntry("g-1", EnsembleManifest.AdapterEntry.Kind.GROUP, "g-1",
                        List.of("fortune_language"), "adapters/g-1/", Map.of())),
                Map.of("fortune_language", new EnsembleManifest.TaskEntry(List.of("en", "de"), Map.of("g-1", 1.0),
                        0.95, 0.94, null, probe)), "now");
        String json = new String(manifest.toJson(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(json).contains("\"probe\"").contains("ensembles/m/v4/probes/fortune_language.liblinear");
        assertThat(EnsembleManifest.fromJson(manifest.toJson()).tasks().get("fortune_language").probe())
                .isEqualTo(probe);

        String withoutProbe = json.replaceAll("(?s),\\s*\"probe\"\\s*:\\s*\\{[^}]*\\}", "");
        assertThat(withoutProbe).doesNotContain("probe");
        assertThat(EnsembleManifest.fromJson(withoutProbe.getBytes(java.nio.charset.StandardCharsets.UTF_8)).tasks()
                .get("fortune_language").probe()).isNull();
        assertThatThrownBy(() -> new EnsembleManifest.ProbeEntry(0, "k")).hasMessageContaining("(0, 1]");
    }

    @Test
    void theStartRoundTripsAndAManifestWithoutOneReadsAsBefore() {
        EnsembleManifest.StartEntry start = new EnsembleManifest.StartEntry("meta-1a2b", List.of("sent_amazon@1",
                "spam_email@2"), 1 / 3.0, 0.5);
        EnsembleManifest manifest = new EnsembleManifest(1, 5, "m", 64, 20, 3,
                List.of(new EnsembleManifest.AdapterEntry("g-1", EnsembleManifest.AdapterEntry.Kind.GROUP, "g-1",
                        List.of("sent_amazon"), "adapters/g-1/", Map.of())),
                Map.of("sent_amazon", new EnsembleManifest.TaskEntry(List.of("negative", "positive"),
                        Map.of("g-1", 1.0), 0.9, 0.9)), "now", start);
        assertThat(EnsembleManifest.fromJson(manifest.toJson()).start()).isEqualTo(start);

        EnsembleManifest atInit = new EnsembleManifest(1, 5, "m", 64, 20, 3, manifest.adapters(), manifest.tasks(),
                "now");
        String json = new String(atInit.toJson(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(json).as("no start at the LoRA initialisation, as manifests before it").doesNotContain("start");
        assertThat(EnsembleManifest.fromJson(atInit.toJson()).start()).isNull();
        assertThatThrownBy(() -> new EnsembleManifest.StartEntry("meta-1", List.of(), 1.5, 0.5))
                .hasMessageContaining("[0, 1]");
    }
}
