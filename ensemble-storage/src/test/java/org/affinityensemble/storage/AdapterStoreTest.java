package org.affinityensemble.storage;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.affinityensemble.devstack.DevStack;
import org.affinityensemble.devstack.Endpoints;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.decoder.DecoderArchitecture;
import org.affinityensemble.model.decoder.DecoderBase;
import org.affinityensemble.model.decoder.TinyDecoders;
import org.affinityensemble.model.encoder.MiniLmJar;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.task.LanguageModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Adapters go through the real S3 server and come back bit for bit, under their own prefix, in each family's names. */
class AdapterStoreTest {

    @TempDir
    Path temp;

    @Test
    void anEncoderAdapterReadBackFromTheObjectStoreEqualsTheOneWritten() throws Exception {
        try (LanguageModel model = MiniLmJar.load()) {
            roundTrip(model, new LoraSpec(4, 8, List.of("q", "v", "o"), 99L), "g-9-v4",
                    "base_model.model.encoder.layer.0.attention.self.query.lora_A.weight");
        }
    }

    @Test
    void aDecoderAdapterReadBackFromTheObjectStoreEqualsTheOneWrittenInPeftsCausalLmNames() throws Exception {
        Path directory = temp.resolve("tiny-llama");
        TinyDecoders.write(DecoderArchitecture.LLAMA, directory, 5L, 1);
        try (LanguageModel model = DecoderBase.load(directory, "tiny-llama", DataType.FLOAT32)) {
            roundTrip(model, new LoraSpec(4, 8, List.of("q", "v", "up"), 99L), "g-10-v1",
                    "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight");
        }
    }

    private static void roundTrip(LanguageModel model, LoraSpec spec, String adapterId, String firstTensor)
            throws Exception {
        Endpoints endpoints = DevStack.shared().endpoints();
        ObjectStore store = MinioObjectStore.connect(new S3Settings(endpoints.s3Endpoint(), endpoints.s3AccessKey(),
                endpoints.s3SecretKey(), "adapter-store-test", null));
        LoraAdapter init = model.initialAdapter(spec);
        float[] values = init.parameters();
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        LoraAdapter trained = init.withParameters(values);

        AdapterStore adapters = new AdapterStore(store);
        String prefix = adapters.write(adapterId, trained, model);
        LoraAdapter back = adapters.read(adapterId, model);

        assertThat(prefix).isEqualTo("adapters/" + adapterId + "/");
        assertThat(store.list(prefix)).containsExactly(StorageLayout.adapterConfig(adapterId),
                StorageLayout.adapterWeights(adapterId));
        assertThat(new String(store.find(StorageLayout.adapterWeights(adapterId)).orElseThrow(),
                java.nio.charset.StandardCharsets.ISO_8859_1)).contains(firstTensor);
        assertThat(back.spec()).isEqualTo(spec);
        assertThat(back.parameters()).isEqualTo(trained.parameters());
    }
}
