package org.affinityensemble.model.decoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.affinityensemble.model.encoder.TokenBatch;
import org.affinityensemble.model.lora.LinearAdaptation;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.runtime.HostArrays;
import org.affinityensemble.model.tensor.HostTensor;
import org.affinityensemble.model.tensor.SafetensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decoder forward pass: padding, shards, half-precision files, the features the golden test relies on. */
class DecoderLmTest {

    private static List<long[]> prompts(DecoderBase base) {
        PromptTemplate template = new PromptTemplate("Review: {text}\nSentiment:");
        List<long[]> rows = new ArrayList<>();
        for (String text : List.of("great", "the actors were wonderful and the plot was not boring at all.",
                "do not buy it.")) {
            rows.add(base.tokenizer().encodePrompt(template, text, 128));
        }
        return rows;
    }

    private static float[][] logits(DecoderLm model, TokenBatch tokens) {
        try (NDManager scope = DjlRuntime.newManager()) {
            return HostArrays.rows(model.answerLogits(scope, tokens, LinearAdaptation.BASE));
        }
    }

    @Test
    void leftAndRightPaddedBatchesComputeWhatEachPromptComputesAlone() {
        for (String arch : DecoderFixtures.ARCHITECTURES) {
            DecoderBase base = DecoderFixtures.model(arch);
            List<long[]> rows = prompts(base);
            float[][] right = logits(base.model(), PromptTokenizer.rightPadded(rows));
            float[][] left = logits(base.model(), PromptTokenizer.leftPadded(rows));
            for (int n = 0; n < rows.size(); n++) {
                float[] alone = logits(base.model(), PromptTokenizer.rightPadded(List.of(rows.get(n))))[0];
                assertThat(DecoderFixtures.maxRelative(right[n], alone)).as("%s right, row %d", arch, n)
                        .isLessThanOrEqualTo(1e-5);
                assertThat(DecoderFixtures.maxRelative(left[n], alone)).as("%s left, row %d", arch, n)
                        .isLessThanOrEqualTo(1e-5);
            }
            TokenBatch leftBatch = PromptTokenizer.leftPadded(rows);
            assertThat(DecoderLm.answerPosition(leftBatch, 0)).isEqualTo(leftBatch.length() - 1);
            TokenBatch rightBatch = PromptTokenizer.rightPadded(rows);
            assertThat(DecoderLm.answerPosition(rightBatch, 0)).isEqualTo(rows.get(0).length - 1);
        }
    }

    @Test
    void aShardedDirectoryAndOneFileHoldTheSameModel(@TempDir Path temp) throws IOException {
        DecoderBase sharded = DecoderFixtures.model("mistral");
        assertThat(Files.exists(DecoderFixtures.resource("tiny-mistral").resolve(ShardedSafetensors.INDEX))).isTrue();
        Path single = temp.resolve("single");
        TinyDecoders.write(sharded.config(), sharded.model().exportWeights(), sharded.tokenizer().tokenizerJson(),
                single, 1);
        Path three = temp.resolve("three");
        TinyDecoders.write(sharded.config(), sharded.model().exportWeights(), sharded.tokenizer().tokenizerJson(),
                three, 3);
        assertThat(Files.list(three).filter(p -> p.toString().endsWith(".safetensors")).count()).isEqualTo(3);
        TokenBatch tokens = PromptTokenizer.rightPadded(prompts(sharded));
        float[][] expected = logits(sharded.model(), tokens);
        for (Path directory : List.of(single, three)) {
            try (DecoderLm model = DecoderLm.load(directory, DataType.FLOAT32)) {
                float[][] actual = logits(model, tokens);
                for (int n = 0; n < expected.length; n++) {
                    assertThat(actual[n]).containsExactly(expected[n]);
                }
            }
        }
    }

    @Test
    void anIndexThatPointsAtTheWrongShardIsRejected(@TempDir Path temp) throws IOException {
        DecoderBase base = DecoderFixtures.model("mistral");
        TinyDecoders.write(base.config(), base.model().exportWeights(), base.tokenizer().tokenizerJson(), temp, 2);
        Path index = temp.resolve(ShardedSafetensors.INDEX);
        String json = Files.readString(index).replaceFirst("model-00002-of-00002", "model-00001-of-00002");
        Files.writeString(index, json);
        assertThatThrownBy(() -> DecoderLm.load(temp, DataType.FLOAT32)).isInstanceOf(IOException.class)
                .hasMessageContaining("does not hold it");
    }

    @Test
    void bfloat16AndFloat16CheckpointsLoadAsTheirExactValues(@TempDir Path temp) throws IOException {
        DecoderBase base = DecoderFixtures.model("qwen2");
        Map<String, HostTensor> weights = base.model().exportWeights();
        for (String dtype : List.of("BF16", "F16")) {
            Path directory = temp.resolve(dtype);
            Files.createDirectories(directory);
            Files.write(directory.resolve("config.json"), base.config().toHfConfig());
            Files.write(directory.resolve(ShardedSafetensors.SINGLE), halfPrecisionFile(weights, dtype));
            try (DecoderLm model = DecoderLm.load(directory, DataType.FLOAT32)) {
                assertThat(model.baseType()).isEqualTo(DataType.FLOAT32);
                Map<String, HostTensor> loaded = model.exportWeights();
                for (Map.Entry<String, HostTensor> entry : weights.entrySet()) {
                    float[] original = entry.getValue().data();
                    float[] actual = loaded.get(entry.getKey()).data();
                    for (int i = 0; i < original.length; i++) {
                        float expected = dtype.equals("BF16") ? Float.intBitsToFloat(bf16Bits(original[i]) << 16)
                                : fromHalf(toHalf(original[i]));
                        assertThat(actual[i]).as("%s %s[%d]", dtype, entry.getKey(), i).isEqualTo(expected);
                    }
                }
            }
        }
    }

    /** Round-to-nearest-even bfloat16 bits of a float. */
    private static int bf16Bits(float value) {
        int bits = Float.floatToRawIntBits(value);
        return (bits + 0x7FFF + ((bits >> 16) & 1)) >>> 16;
    }

    /** IEEE binary16 bits of a float, rounded to nearest even (no overflow here: |values| < 65504). */
    private static short toHalf(float value) {
        int sign = (Float.floatToRawIntBits(value) >>> 16) & 0x8000;
        double magnitude = Math.abs(value);
        if (magnitude == 0) {
            return (short) sign;
        }
        int exponent = Math.getExponent(magnitude);
        if (exponent < -14) {
            return (short) (sign | (int) Math.rint(magnitude / 0x1p-24));
        }
        int mantissa = (int) Math.rint((magnitude / Math.scalb(1.0, exponent) - 1) * 1024);
        if (mantissa == 1024) {
            mantissa = 0;
            exponent++;
        }
        return (short) (sign | (exponent + 15) << 10 | mantissa);
    }

    private static float fromHalf(short bits) {
        int exponent = (bits >> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        double magnitude = exponent == 0 ? mantissa * 0x1p-24 : Math.scalb(1 + mantissa / 1024.0, exponent - 15);
        return (float) ((bits & 0x8000) != 0 ? -magnitude : magnitude);
    }

    private static byte[] halfPrecisionFile(Map<String, HostTensor> weights, String dtype) {
        StringBuilder header = new StringBuilder("{");
        long offset = 0;
        for (Map.Entry<String, HostTensor> entry : weights.entrySet()) {
            long bytes = 2L * entry.getValue().data().length;
            header.append(header.length() > 1 ? "," : "").append('"').append(entry.getKey()).append("\":{\"dtype\":\"")
                    .append(dtype).append("\",\"shape\":").append(Arrays.toString(entry.getValue().shape()))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        byte[] json = header.append('}').toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer file = ByteBuffer.allocate((int) (8 + json.length + offset)).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(json.length).put(json);
        for (HostTensor tensor : weights.values()) {
            for (float value : tensor.data()) {
                file.putShort((short) (dtype.equals("BF16") ? bf16Bits(value) : toHalf(value)));
            }
        }
        return file.array();
    }

    @Test
    void theFeaturesTheReferenceChecksChangeTheLogits() {
        // the golden agreement would mean little if sliding window, llama3 scaling or biases were no-ops here
        assertThat(differenceFromGolden("mistral", c -> new DecoderConfig(c.architecture(), c.vocabSize(),
                c.hiddenSize(), c.intermediateSize(), c.layers(), c.heads(), c.kvHeads(), c.headDim(), c.rmsNormEps(),
                c.ropeTheta(), c.ropeScaling(), c.maxPositions(), c.tieWordEmbeddings(), c.attentionBias(),
                c.mlpBias(), 0))).as("mistral without its sliding window").isGreaterThan(1e-3);
        assertThat(differenceFromGolden("llama", c -> new DecoderConfig(c.architecture(), c.vocabSize(),
                c.hiddenSize(), c.intermediateSize(), c.layers(), c.heads(), c.kvHeads(), c.headDim(), c.rmsNormEps(),
                c.ropeTheta(), null, c.maxPositions(), c.tieWordEmbeddings(), c.attentionBias(), c.mlpBias(),
                c.slidingWindow()))).as("llama without llama3 rope scaling").isGreaterThan(1e-3);
    }

    private static double differenceFromGolden(String arch, java.util.function.UnaryOperator<DecoderConfig> change) {
        DecoderBase base = DecoderFixtures.model(arch);
        SafetensorsFile golden = DecoderFixtures.goldenTensors(arch);
        LabelWordClassifier classifier = DecoderFixtures.classifier(arch);
        var examples = DecoderFixtures.examples(arch);
        TokenBatch tokens = classifier.tokenize(examples.stream().map(e -> e.taskId()).toList(),
                examples.stream().map(e -> e.text()).toList());
        try (DecoderLm changed = DecoderLm.create(change.apply(base.config()), base.model().exportWeights(),
                DataType.FLOAT32)) {
            float[][] logits = logits(changed, tokens);
            float[] expected = golden.require("base_logits").data();
            int vocabulary = logits[0].length;
            double worst = 0;
            for (int n = 0; n < logits.length; n++) {
                worst = Math.max(worst, DecoderFixtures.maxRelative(logits[n],
                        Arrays.copyOfRange(expected, n * vocabulary, (n + 1) * vocabulary)));
            }
            return worst;
        }
    }

    @Test
    void aForwardPassLeavesNoArrayInTheModelsManager() {
        DecoderBase base = DecoderFixtures.model("llama");
        TokenBatch tokens = PromptTokenizer.rightPadded(prompts(base));
        logits(base.model(), tokens);
        int resident = base.model().residentArrays();
        for (int i = 0; i < 3; i++) {
            logits(base.model(), tokens);
        }
        assertThat(base.model().residentArrays()).isEqualTo(resident);
    }

    @Test
    void aFloat16BaseWithFloat32LoraTracksTheFloat32Model() {
        // the CUDA recipe (frozen base in half precision, LoRA and its gradients in fp32) exercised on CPU
        DecoderBase base = DecoderFixtures.model("qwen2");
        LabelWordClassifier classifier = DecoderFixtures.classifier("qwen2");
        var adapter = DecoderFixtures.goldenAdapter("qwen2");
        var examples = DecoderFixtures.examples("qwen2");
        try (DecoderLm half = DecoderLm.create(base.config(), base.model().exportWeights(), DataType.FLOAT16);
                NDManager scope = DjlRuntime.newManager()) {
            LabelWordClassifier halfClassifier = new LabelWordClassifier(new DecoderBase("half", half,
                    base.tokenizer()), DecoderFixtures.tasks("qwen2"), 128);
            var full = new org.affinityensemble.model.gradient.PerExampleGradients(classifier, 1e-6, false)
                    .batched(scope, adapter, examples);
            var reduced = new org.affinityensemble.model.gradient.PerExampleGradients(halfClassifier, 1e-6, false)
                    .batched(scope, adapter, examples);
            assertThat(reduced.gradients().getDataType()).isEqualTo(DataType.FLOAT32);
            float[][] expected = HostArrays.rows(full.gradients());
            float[][] actual = HostArrays.rows(reduced.gradients());
            double worst = 0;
            for (int n = 0; n < expected.length; n++) {
                worst = Math.max(worst, DecoderFixtures.normRelative(actual[n], expected[n]));
                assertThat(reduced.f0()[n]).isCloseTo(full.f0()[n], org.assertj.core.data.Offset.offset(0.05));
                double error = DecoderFixtures.normRelative(actual[n], expected[n]);
                // half precision: about 3 decimal digits per operation, not bit-exact, but close
                assertThat(error).as("fp16 gradient of row %d", n).isLessThan(0.05).isGreaterThan(0);
            }
            System.out.printf("float16-stored base: gradients within %.2e of float32%n", worst);
        }
    }

    @Test
    void aBfloat16BaseIsRefusedBeforeItCanAbortTheProcess() {
        DecoderBase base = DecoderFixtures.model("llama");
        assertThatThrownBy(() -> DecoderLm.create(base.config(), base.model().exportWeights(), DataType.BFLOAT16))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FLOAT16");
    }

    @Test
    void hubConfigurationsAreReadAndUnsupportedOnesRejected() throws IOException {
        DecoderConfig llama = DecoderConfig.fromHfConfig(("{\"architectures\":[\"LlamaForCausalLM\"],\"model_type\":"
                + "\"llama\",\"hidden_size\":2048,\"intermediate_size\":8192,\"num_attention_heads\":32,"
                + "\"num_hidden_layers\":16,\"num_key_value_heads\":8,\"head_dim\":64,\"hidden_act\":\"silu\","
                + "\"max_position_embeddings\":131072,\"rms_norm_eps\":1e-05,\"rope_scaling\":{\"factor\":32.0,"
                + "\"high_freq_factor\":4.0,\"low_freq_factor\":1.0,\"original_max_position_embeddings\":8192,"
                + "\"rope_type\":\"llama3\"},\"rope_theta\":500000.0,\"tie_word_embeddings\":true,"
                + "\"attention_bias\":false,\"mlp_bias\":false,\"vocab_size\":128256}").getBytes());
        assertThat(llama.kvHeads()).isEqualTo(8);
        assertThat(llama.tieWordEmbeddings()).isTrue();
        double[] f = llama.inverseFrequencies();
        assertThat(f[0]).isEqualTo(1.0); // wavelength 2π < 8192/4: kept
        assertThat(f[31]).isCloseTo(Math.pow(500000, -62.0 / 64) / 32, org.assertj.core.data.Offset.offset(1e-15));
        DecoderConfig qwen = DecoderConfig.fromHfConfig(("{\"architectures\":[\"Qwen2ForCausalLM\"],\"model_type\":"
                + "\"qwen2\",\"hidden_size\":896,\"intermediate_size\":4864,\"num_attention_heads\":14,"
                + "\"num_hidden_layers\":24,\"num_key_value_heads\":2,\"hidden_act\":\"silu\",\"max_position_embeddings"
                + "\":32768,\"max_window_layers\":21,\"rms_norm_eps\":1e-06,\"rope_theta\":1000000.0,\"sliding_window"
                + "\":32768,\"tie_word_embeddings\":true,\"use_sliding_window\":false,\"vocab_size\":151936}")
                .getBytes());
        assertThat(qwen.headDim()).isEqualTo(64);
        assertThat(qwen.hasBias(DecoderModule.K)).isTrue();
        assertThat(qwen.hasBias(DecoderModule.O)).isFalse();
        assertThat(qwen.slidingWindow()).isZero();
        DecoderConfig mistral = DecoderConfig.fromHfConfig(("{\"architectures\":[\"MistralForCausalLM\"],\"model_type"
                + "\":\"mistral\",\"hidden_size\":4096,\"intermediate_size\":14336,\"num_attention_heads\":32,"
                + "\"num_hidden_layers\":32,\"num_key_value_heads\":8,\"hidden_act\":\"silu\",\"max_position_embeddings"
                + "\":32768,\"rms_norm_eps\":1e-05,\"rope_theta\":10000.0,\"sliding_window\":4096,"
                + "\"tie_word_embeddings\":false,\"vocab_size\":32000}").getBytes());
        assertThat(mistral.slidingWindow()).isEqualTo(4096);
        assertThat(mistral.groupSize()).isEqualTo(4);
        assertThat(DecoderBase.layout(mistral, org.affinityensemble.events.LoraSpec.defaults()).parameterCount())
                .isEqualTo(32L * 8 * ((4096 + 4096) + 2 * (4096 + 1024)));
        assertThatThrownBy(() -> DecoderConfig.fromHfConfig(("{\"model_type\":\"llama\",\"hidden_size\":64,"
                + "\"intermediate_size\":64,\"num_attention_heads\":4,\"num_hidden_layers\":1,\"vocab_size\":10,"
                + "\"rope_scaling\":{\"rope_type\":\"yarn\",\"factor\":4.0}}").getBytes()))
                .isInstanceOf(IOException.class).hasMessageContaining("yarn");
        assertThatThrownBy(() -> DecoderConfig.fromHfConfig(("{\"model_type\":\"qwen2\",\"hidden_size\":64,"
                + "\"intermediate_size\":64,\"num_attention_heads\":4,\"num_hidden_layers\":1,\"vocab_size\":10,"
                + "\"use_sliding_window\":true}").getBytes())).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> DecoderConfig.fromHfConfig(("{\"model_type\":\"gpt2\"}").getBytes()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
