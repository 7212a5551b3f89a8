package org.affinityensemble.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StorageLayoutTest {

    @Test
    void theNewestEnsembleVersionIsTheHighestNumberWithAManifestNotTheLastInKeyOrder() {
        String model = "sentence-transformers/all-MiniLM-L6-v2";
        List<String> keys = List.of(StorageLayout.ensembleManifest(model, 10), StorageLayout.ensembleManifest(model, 9),
                StorageLayout.ensemblesOf(model) + "v11/partial.json",
                StorageLayout.ensemblesOf(model) + "vx/manifest.json",
                StorageLayout.ensembleManifest("other/model", 12));
        assertThat(StorageLayout.newestEnsembleVersion(model, keys)).isEqualTo(10);
        assertThat(StorageLayout.newestEnsembleVersion(model, List.of())).isEqualTo(-1);
    }
}
