package org.affinityensemble.model.lora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.encoder.BertConfig;
import org.affinityensemble.model.tensor.HostTensor;
import org.affinityensemble.model.tensor.SafetensorsFile;
import org.affinityensemble.model.tensor.SafetensorsReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEFT adapter files: exact round trip, PEFT's names, shapes (transposed) and config fields. */
class PeftAdapterFormatTest {

    private static final BertConfig MINILM = BertConfig.allMiniLmL6V2();
    private static final LoraSpec SPEC = new LoraSpec(4, 12, List.of("q", "k", "v", "o"), 41L);

    @Test
    void roundTripReturnsTheSameAdapterExactly(@TempDir Path dir) throws IOException {
        LoraAdapter adapter = randomAdapter();
        PeftAdapterFiles files = PeftAdapterFormat.write(adapter, "sentence-transformers/all-MiniLM-L6-v2");
        files.writeTo(dir);

        LoraAdapter read = PeftAdapterFormat.read(PeftAdapterFiles.readFrom(dir), MINILM);

        assertThat(read.spec()).isEqualTo(adapter.spec());
        assertThat(read.parameters()).isEqualTo(adapter.parameters());
    }

    @Test
    void labelEmbeddingsTravelWithTheAdapter(@TempDir Path dir) throws IOException {
        SplittableRandom random = new SplittableRandom(5);
        float[][] tone = new float[2][384];
        float[][] topic = new float[3][384];
        for (float[][] table : List.of(tone, topic)) {
            for (float[] row : table) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = (float) random.nextGaussian();
                }
            }
        }
        LoraAdapter adapter = randomAdapter().withLabels(java.util.Map.of("tone", tone, "topic", topic));
        PeftAdapterFormat.write(adapter, "m").writeTo(dir);

        LoraAdapter read = PeftAdapterFormat.read(PeftAdapterFiles.readFrom(dir), MINILM);

        assertThat(read.parameters()).isEqualTo(adapter.parameters());
        assertThat(read.labelledTasks()).containsExactlyInAnyOrder("tone", "topic");
        assertThat(read.labels("tone")).isDeepEqualTo(tone);
        assertThat(read.labels("topic")).isDeepEqualTo(topic);
        SafetensorsFile weights = SafetensorsReader.read(PeftAdapterFiles.readFrom(dir).adapterModel());
        assertThat(weights.require("label_embeddings.topic").shape()).containsExactly(3, 384);
        assertThat(weights.metadata().get("label_embeddings").split(",")).containsExactlyInAnyOrder("tone", "topic");
        assertThat(PeftAdapterFormat.read(PeftAdapterFormat.write(randomAdapter(), "m"), MINILM).labelledTasks())
                .as("an adapter without label embeddings reads back without them").isEmpty();
    }

    @Test
    void filesFollowThePeftConventionForBert() throws IOException {
        LoraAdapter adapter = randomAdapter();
        PeftAdapterFiles files = PeftAdapterFormat.write(adapter, "sentence-transformers/all-MiniLM-L6-v2");

        JsonNode config = new ObjectMapper().readTree(new String(files.adapterConfig(), StandardCharsets.UTF_8));
        assertThat(config.get("peft_type").asText()).isEqualTo("LORA");
        assertThat(config.get("r").asInt()).isEqualTo(4);
        assertThat(config.get("lora_alpha").asInt()).isEqualTo(12);
        assertThat(config.get("base_model_name_or_path").asText()).isEqualTo("sentence-transformers/all-MiniLM-L6-v2");
        List<String> targets = new ArrayList<>();
        config.get("target_modules").forEach(t -> targets.add(t.asText()));
        assertThat(targets).containsExactly("query", "key", "value", "attention.output.dense");

        SafetensorsFile weights = SafetensorsReader.read(files.adapterModel());
        assertThat(weights.tensors()).hasSize(6 * 4 * 2);
        HostTensor queryA = weights.require("base_model.model.encoder.layer.0.attention.self.query.lora_A.weight");
        HostTensor queryB = weights.require("base_model.model.encoder.layer.0.attention.self.query.lora_B.weight");
        weights.require("base_model.model.encoder.layer.5.attention.output.dense.lora_B.weight");
        assertThat(queryA.shape()).containsExactly(4, 384);
        assertThat(queryB.shape()).containsExactly(384, 4);
        float[] a = adapter.a(0);
        float[] b = adapter.b(0);
        for (int i = 0; i < 384; i++) {
            for (int r = 0; r < 4; r++) {
                assertThat(queryA.data()[r * 384 + i]).isEqualTo(a[i * 4 + r]);
                assertThat(queryB.data()[i * 4 + r]).isEqualTo(b[r * 384 + i]);
            }
        }
        assertThat(weights.metadata()).containsEntry("format", "pt").containsEntry("init_seed", "41");
    }

    @Test
    void unsupportedAdaptersAreRejected() {
        PeftAdapterFiles files = PeftAdapterFormat.write(randomAdapter(), "m");
        String dora = new String(files.adapterConfig(), StandardCharsets.UTF_8).replace("\"use_dora\" : false",
                "\"use_dora\" : true");
        assertThatThrownBy(() -> PeftAdapterFormat.read(
                new PeftAdapterFiles(dora.getBytes(StandardCharsets.UTF_8), files.adapterModel()), MINILM))
                .hasMessageContaining("use_dora");
        String ffn = new String(files.adapterConfig(), StandardCharsets.UTF_8).replace("\"key\"",
                "\"intermediate.dense\"");
        assertThatThrownBy(() -> PeftAdapterFormat.read(
                new PeftAdapterFiles(ffn.getBytes(StandardCharsets.UTF_8), files.adapterModel()), MINILM))
                .hasMessageContaining("intermediate.dense");
    }

    private static LoraAdapter randomAdapter() {
        LoraAdapter init = LoraAdapter.initialise(SPEC, MINILM);
        float[] values = init.parameters();
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return init.withParameters(values);
    }
}
