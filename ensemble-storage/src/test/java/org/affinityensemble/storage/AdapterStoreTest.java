package org.affinityensemble.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.affinityensemble.devstack.DevStack;
import org.affinityensemble.devstack.Endpoints;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.encoder.BertConfig;
import org.affinityensemble.model.lora.LoraAdapter;
import org.junit.jupiter.api.Test;

/** Adapters go through the real S3 server and come back bit for bit, under their own prefix. */
class AdapterStoreTest {

    @Test
    void anAdapterReadBackFromTheObjectStoreEqualsTheOneWritten() {
        Endpoints endpoints = DevStack.shared().endpoints();
        ObjectStore store = MinioObjectStore.connect(new S3Settings(endpoints.s3Endpoint(), endpoints.s3AccessKey(),
                endpoints.s3SecretKey(), "adapter-store-test", null));
        BertConfig config = BertConfig.allMiniLmL6V2();
        LoraSpec spec = new LoraSpec(4, 8, java.util.List.of("q", "v", "o"), 99L);
        LoraAdapter init = LoraAdapter.initialise(spec, config);
        float[] values = init.parameters();
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        LoraAdapter trained = init.withParameters(values);

        AdapterStore adapters = new AdapterStore(store);
        String prefix = adapters.write("g-9-v4", trained, "sentence-transformers/all-MiniLM-L6-v2");
        LoraAdapter back = adapters.read("g-9-v4", config);

        assertThat(prefix).isEqualTo("adapters/g-9-v4/");
        assertThat(store.list(prefix)).containsExactly(StorageLayout.adapterConfig("g-9-v4"),
                StorageLayout.adapterWeights("g-9-v4"));
        assertThat(back.spec()).isEqualTo(spec);
        assertThat(back.parameters()).isEqualTo(trained.parameters());
    }
}
