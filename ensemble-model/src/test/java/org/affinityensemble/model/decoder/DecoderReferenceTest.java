package org.affinityensemble.model.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.encoder.TokenBatch;
import org.affinityensemble.model.gradient.GradientMatrix;
import org.affinityensemble.model.lora.LinearAdaptation;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.LoraTerms;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.runtime.HostArrays;
import org.affinityensemble.model.gradient.PerExampleGradients;
import org.affinityensemble.model.tensor.SafetensorsFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The decoders against the independent float64 PyTorch reference (src/test/python/decoder_reference.py): token ids,
 * label tokens, next-token logits at the answer position with and without a LoRA adapter, h(x), and per-example
 * LoRA gradients, each prompt of the reference computed alone there and in one right-padded batch here.
 */
class DecoderReferenceTest {

    private static final double TOLERANCE = 1e-4;

    @ParameterizedTest
    @ValueSource(strings = {"llama", "qwen2", "mistral"})
    void tokensAndLabelTokensMatchTheReferenceTokenizer(String arch) {
        JsonNode golden = DecoderFixtures.golden(arch);
        for (TaskPrompt task : DecoderFixtures.tasks(arch)) {
            long[] expected = new long[task.labelCount()];
            JsonNode tokens = golden.path("tasks").path(task.taskId()).path("tokens");
            for (int l = 0; l < expected.length; l++) {
                expected[l] = tokens.get(l).asLong();
            }
            assertThat(task.labelTokens()).as("%s label tokens of %s", arch, task.taskId()).containsExactly(expected);
        }
        LabelWordClassifier classifier = DecoderFixtures.classifier(arch);
        List<LabelledText> examples = DecoderFixtures.examples(arch);
        TokenBatch batch = classifier.tokenize(examples.stream().map(LabelledText::taskId).toList(),
                examples.stream().map(LabelledText::text).toList());
        for (int n = 0; n < examples.size(); n++) {
            JsonNode ids = golden.path("prompts").get(n).path("ids");
            long[] expected = new long[ids.size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = ids.get(i).asLong();
            }
            assertThat(batch.tokenCount(n)).isEqualTo(expected.length);
            assertThat(Arrays.copyOfRange(batch.ids(), n * batch.length(), n * batch.length() + expected.length))
                    .as("%s prompt %d", arch, n).containsExactly(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "qwen2", "mistral"})
    void logitsAndLogOddsMatchTheReferenceWithAndWithoutLora(String arch) {
        LabelWordClassifier classifier = DecoderFixtures.classifier(arch);
        List<LabelledText> examples = DecoderFixtures.examples(arch);
        SafetensorsFile golden = DecoderFixtures.goldenTensors(arch);
        LoraAdapter adapter = DecoderFixtures.goldenAdapter(arch);
        List<String> tasks = examples.stream().map(LabelledText::taskId).toList();
        int[] labels = examples.stream().mapToInt(LabelledText::label).toArray();
        TokenBatch tokens = classifier.tokenize(tasks, examples.stream().map(LabelledText::text).toList());
        assertThat(tokens.length()).as("prompts of different lengths, so the batch is padded")
                .isGreaterThan(tokens.tokenCount(0));
        double worstLogits = 0;
        double worstH = 0;
        for (boolean withLora : new boolean[] {false, true}) {
            try (NDManager scope = DjlRuntime.newManager()) {
                LinearAdaptation adaptation = withLora ? LoraTerms.of(adapter, scope, DataType.FLOAT32)
                        : LinearAdaptation.BASE;
                LabelWordScores scores = classifier.score(scope, tasks, tokens, adaptation);
                float[][] logits = HostArrays.rows(scores.vocabularyLogits());
                float[] expected = golden.require(withLora ? "lora_logits" : "base_logits").data();
                int vocabulary = logits[0].length;
                assertThat(vocabulary * examples.size()).isEqualTo(expected.length);
                for (int n = 0; n < examples.size(); n++) {
                    double error = DecoderFixtures.maxRelative(logits[n],
                            Arrays.copyOfRange(expected, n * vocabulary, (n + 1) * vocabulary));
                    assertThat(error).as("%s logits of prompt %d, lora %s", arch, n, withLora)
                            .isLessThanOrEqualTo(TOLERANCE);
                    worstLogits = Math.max(worstLogits, error);
                }
                double[] h = HostArrays.doubles(scores.logOdds(labels, 1e-6));
                float[] expectedH = golden.require(withLora ? "lora_h" : "base_h").data();
                for (int n = 0; n < h.length; n++) {
                    double error = Math.abs(h[n] - expectedH[n]) / Math.max(1, Math.abs(expectedH[n]));
                    assertThat(error).as("%s h of prompt %d", arch, n).isLessThanOrEqualTo(TOLERANCE);
                    worstH = Math.max(worstH, error);
                }
            }
        }
        System.out.printf("%s vs reference: logits max relative error %.2e, h %.2e%n", arch, worstLogits, worstH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "qwen2", "mistral"})
    void perExampleGradientsMatchTheReferenceAndTheOneByOneLoop(String arch) {
        LabelWordClassifier classifier = DecoderFixtures.classifier(arch);
        List<LabelledText> examples = DecoderFixtures.examples(arch);
        SafetensorsFile golden = DecoderFixtures.goldenTensors(arch);
        LoraAdapter adapter = DecoderFixtures.goldenAdapter(arch);
        int parameters = (int) adapter.layout().parameterCount();
        assertThat(parameters).isEqualTo(DecoderFixtures.golden(arch).path("parameterCount").asInt());
        float[] expected = golden.require("gradients").data();
        float[] expectedH = golden.require("lora_h").data();
        PerExampleGradients gradients = new PerExampleGradients(classifier, 1e-6, false);
        double worstReference = 0;
        double worstLoop = 0;
        try (NDManager scope = DjlRuntime.newManager()) {
            GradientMatrix batched = gradients.batched(scope, adapter, examples);
            GradientMatrix loop = gradients.oneByOne(scope, adapter, examples);
            float[][] b = HostArrays.rows(batched.gradients());
            float[][] l = HostArrays.rows(loop.gradients());
            for (int n = 0; n < examples.size(); n++) {
                float[] reference = Arrays.copyOfRange(expected, n * parameters, (n + 1) * parameters);
                double aNorm = 0;
                for (int slot = 0; slot < adapter.layout().slots().size(); slot++) {
                    for (int i = 0; i < adapter.layout().aSize(slot); i++) {
                        aNorm += Math.abs(reference[(int) adapter.layout().aOffset(slot) + i]);
                    }
                }
                assertThat(aNorm).as("B is non-zero, so the reference's A-gradients are too").isPositive();
                double error = DecoderFixtures.normRelative(b[n], reference);
                assertThat(error).as("%s gradient of prompt %d vs reference", arch, n).isLessThanOrEqualTo(TOLERANCE);
                double loopError = DecoderFixtures.normRelative(b[n], l[n]);
                assertThat(loopError).as("%s batched vs loop, prompt %d", arch, n).isLessThanOrEqualTo(1e-5);
                assertThat(batched.f0()[n]).isCloseTo(expectedH[n], org.assertj.core.data.Offset.offset(1e-4));
                worstReference = Math.max(worstReference, error);
                worstLoop = Math.max(worstLoop, loopError);
            }
        }
        System.out.printf("%s gradients: batched vs reference %.2e, batched vs loop %.2e (D = %d)%n", arch,
                worstReference, worstLoop, parameters);
    }
}
