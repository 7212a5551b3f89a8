package org.affinityensemble.model.decoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.encoder.TokenBatch;
import org.affinityensemble.model.gradient.GradientMatrix;
import org.affinityensemble.model.gradient.ProjectedGradient;
import org.affinityensemble.model.gradient.RademacherProjection;
import org.affinityensemble.model.lora.LinearAdaptation;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.LoraLayout;
import org.affinityensemble.model.lora.LoraSlot;
import org.affinityensemble.model.lora.LoraTerms;
import org.affinityensemble.model.lora.MergedDeltas;
import org.affinityensemble.model.lora.PeftAdapterFiles;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.runtime.HostArrays;
import org.affinityensemble.model.gradient.PerExampleGradients;
import org.affinityensemble.model.gradient.ProjectedGradients;
import org.affinityensemble.model.train.CrossEntropyObjective;
import org.affinityensemble.model.train.StepResult;
import org.affinityensemble.model.train.TrainingSession;
import org.affinityensemble.model.tensor.SafetensorsReader;
import org.junit.jupiter.api.Test;

/** LoRA on decoders: layouts under GQA and on the MLP, PEFT files, the three forms, merging, training. */
class DecoderLoraTest {

    private static final LoraSpec ALL = new LoraSpec(4, 8, List.of("q", "k", "v", "o", "gate", "up", "down"), 9L);

    /** An adapter away from initialisation (B non-zero). */
    private static LoraAdapter trained(LoraSpec spec, DecoderConfig config, long seed) {
        LoraAdapter init = LoraAdapter.initialise(spec, DecoderBase.layout(config, spec));
        float[] values = init.parameters();
        SplittableRandom random = new SplittableRandom(seed);
        for (int slot = 0; slot < init.layout().slots().size(); slot++) {
            for (int i = 0; i < init.layout().bSize(slot); i++) {
                values[(int) init.layout().bOffset(slot) + i] = (float) (0.1 * random.nextGaussian());
            }
        }
        return init.withParameters(values);
    }

    @Test
    void theDefaultLayoutAdaptsQkvWithGroupedKeyValueShapesAndTheMlpIsRectangular() {
        DecoderConfig config = DecoderFixtures.model("llama").config();
        LoraLayout defaults = DecoderBase.layout(config, LoraSpec.defaults());
        assertThat(defaults.slots()).extracting(LoraSlot::target)
                .containsExactly(DecoderModule.Q, DecoderModule.K, DecoderModule.V, DecoderModule.Q, DecoderModule.K,
                        DecoderModule.V);
        assertThat(defaults.slots().get(1).outDim()).isEqualTo(2 * 16); // kv heads × head_dim
        LoraLayout all = DecoderBase.layout(config, ALL);
        assertThat(all.slots()).hasSize(14);
        LoraSlot gate = all.slots().get(all.indexOf(0, DecoderModule.GATE));
        LoraSlot down = all.slots().get(all.indexOf(1, DecoderModule.DOWN));
        assertThat(gate.inDim()).isEqualTo(64);
        assertThat(gate.outDim()).isEqualTo(128);
        assertThat(down.inDim()).isEqualTo(128);
        assertThat(down.outDim()).isEqualTo(64);
        assertThat(all.parameterCount()).isEqualTo(2L * 4 * ((64 + 64) + 2 * (64 + 32) + (64 + 64)
                + 2 * (64 + 128) + (128 + 64)));
        assertThatThrownBy(() -> gate.module()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> org.affinityensemble.model.lora.LoraLayout.of(
                org.affinityensemble.model.testing.TestModels.miniLm().config(), ALL))
                .as("an encoder has no gate/up/down").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void peftFilesUseCausalLmNamesAndRoundTrip() throws IOException {
        DecoderConfig config = DecoderFixtures.model("mistral").config();
        LoraAdapter adapter = trained(ALL, config, 3);
        PeftAdapterFiles files = DecoderPeftFormat.write(adapter, "tiny-mistral");
        var tensors = SafetensorsReader.read(files.adapterModel()).tensors();
        assertThat(tensors).containsKeys("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight",
                "base_model.model.model.layers.1.mlp.down_proj.lora_B.weight");
        assertThat(tensors.get("base_model.model.model.layers.0.self_attn.k_proj.lora_B.weight").shape())
                .containsExactly(16, 4); // one kv head of 16
        assertThat(tensors.get("base_model.model.model.layers.0.mlp.down_proj.lora_A.weight").shape())
                .containsExactly(4, 112);
        String json = new String(files.adapterConfig());
        assertThat(json).contains("\"CAUSAL_LM\"", "\"gate_proj\"", "\"down_proj\"");
        LoraAdapter read = DecoderPeftFormat.read(files, config);
        assertThat(read.parameters()).containsExactly(adapter.parameters());
        assertThat(read.spec()).isEqualTo(ALL);
    }

    @Test
    void mergedWeightsAndAnUnmergedWeightedSumComputeTheSameLogits() {
        DecoderBase base = DecoderFixtures.model("qwen2");
        LoraAdapter first = trained(ALL, base.config(), 5);
        LoraSpec qv = new LoraSpec(2, 4, List.of("q", "v"), 7L);
        LoraAdapter second = trained(qv, base.config(), 6);
        double[] weights = {0.7, 0.3};
        TokenBatch tokens = PromptTokenizer.rightPadded(List.of(
                base.tokenizer().encode("Review: the plot was great\nSentiment:", true),
                base.tokenizer().encode("Topic: a match\nCategory:", true)));
        try (NDManager scope = DjlRuntime.newManager()) {
            float[][] unmerged = HostArrays.rows(base.model().answerLogits(scope, tokens,
                    LoraTerms.weightedSum(List.of(first, second), weights, scope, DataType.FLOAT32)));
            float[][] merged = HostArrays.rows(base.model().answerLogits(scope, tokens,
                    MergedDeltas.of(List.of(first, second), weights, scope, DataType.FLOAT32)));
            float[][] frozen = HostArrays.rows(base.model().answerLogits(scope, tokens, LinearAdaptation.BASE));
            for (int n = 0; n < 2; n++) {
                assertThat(DecoderFixtures.maxRelative(merged[n], unmerged[n])).isLessThan(1e-5);
                assertThat(DecoderFixtures.maxRelative(frozen[n], unmerged[n])).as("the adapters matter")
                        .isGreaterThan(1e-3);
            }
        }
    }

    @Test
    void atInitialisationTheLogitsAreTheBaseModelsAndOnlyBHasGradients() {
        LabelWordClassifier classifier = DecoderFixtures.classifier("llama");
        LoraAdapter init = LoraAdapter.initialise(ALL, classifier.layout(ALL));
        List<LabelledText> examples = DecoderFixtures.examples("llama");
        try (NDManager scope = DjlRuntime.newManager()) {
            GradientMatrix gradients = new PerExampleGradients(classifier, 1e-6, false).batched(scope, init, examples);
            float[][] rows = HostArrays.rows(gradients.gradients());
            float[] baseH = DecoderFixtures.goldenTensors("llama").require("base_h").data();
            for (int n = 0; n < rows.length; n++) {
                assertThat(gradients.f0()[n]).isCloseTo(baseH[n], org.assertj.core.data.Offset.offset(1e-4));
                double a = 0;
                double b = 0;
                for (int slot = 0; slot < init.layout().slots().size(); slot++) {
                    for (int i = 0; i < init.layout().aSize(slot); i++) {
                        a += Math.abs(rows[n][(int) init.layout().aOffset(slot) + i]);
                    }
                    for (int i = 0; i < init.layout().bSize(slot); i++) {
                        b += Math.abs(rows[n][(int) init.layout().bOffset(slot) + i]);
                    }
                }
                assertThat(a).isZero();
                assertThat(b).isPositive();
            }
        }
    }

    @Test
    void withAFrozenTheGradientIsTheFullOnesBPartAndTheMlpSlotsMatchTheLoop() {
        LabelWordClassifier classifier = DecoderFixtures.classifier("mistral");
        LoraAdapter adapter = trained(ALL, classifier.base().config(), 8);
        List<LabelledText> examples = DecoderFixtures.examples("mistral");
        try (NDManager scope = DjlRuntime.newManager()) {
            float[][] full = HostArrays.rows(new PerExampleGradients(classifier, 1e-6, false)
                    .batched(scope, adapter, examples).gradients());
            float[][] frozen = HostArrays.rows(new PerExampleGradients(classifier, 1e-6, true)
                    .batched(scope, adapter, examples).gradients());
            float[][] loop = HostArrays.rows(new PerExampleGradients(classifier, 1e-6, true)
                    .oneByOne(scope, adapter, examples).gradients());
            LoraLayout layout = adapter.layout();
            for (int n = 0; n < examples.size(); n++) {
                assertThat(DecoderFixtures.normRelative(frozen[n], loop[n])).isLessThan(1e-5);
                for (int slot = 0; slot < layout.slots().size(); slot++) {
                    for (int i = 0; i < layout.aSize(slot); i++) {
                        assertThat(frozen[n][(int) layout.aOffset(slot) + i]).isZero();
                    }
                    for (int i = 0; i < layout.bSize(slot); i++) {
                        int at = (int) layout.bOffset(slot) + i;
                        assertThat(frozen[n][at]).isCloseTo(full[n][at],
                                org.assertj.core.data.Offset.offset(1e-5f * (1 + Math.abs(full[n][at]))));
                    }
                }
            }
        }
    }

    @Test
    void projectedGradientsAreTheRademacherProjectionOfTheBatchedRows() {
        LabelWordClassifier classifier = DecoderFixtures.classifier("qwen2");
        LoraAdapter adapter = DecoderFixtures.goldenAdapter("qwen2");
        List<LabelledText> examples = DecoderFixtures.examples("qwen2");
        RademacherProjection projection = new RademacherProjection(42, adapter.layout().parameterCount(), 16);
        List<ProjectedGradient> projected = new ProjectedGradients(new PerExampleGradients(classifier, 1e-6, false),
                projection, 2).compute(adapter, examples);
        float[] golden = DecoderFixtures.goldenTensors("qwen2").require("gradients").data();
        int d = (int) adapter.layout().parameterCount();
        for (int n = 0; n < examples.size(); n++) {
            double[] exact = projection.projectExactly(java.util.Arrays.copyOfRange(golden, n * d, (n + 1) * d));
            double norm = 0;
            double diff = 0;
            for (int j = 0; j < exact.length; j++) {
                norm += exact[j] * exact[j];
                diff += (projected.get(n).projected()[j] - exact[j]) * (projected.get(n).projected()[j] - exact[j]);
            }
            assertThat(Math.sqrt(diff / norm)).as("example %d", n).isLessThan(1e-4);
        }
    }

    @Test
    void adamWStepsOnLabelWordsLowerTheLoss() {
        // the trainer's own session (AdamW, the full-vocabulary cross-entropy of the label tokens) on a decoder
        LabelWordClassifier classifier = DecoderFixtures.classifier("llama");
        List<LabelledText> batch = new ArrayList<>(DecoderFixtures.examples("llama"));
        LoraAdapter adapter = LoraAdapter.initialise(LoraSpec.defaults(), classifier.layout(LoraSpec.defaults()));
        double first = Double.NaN;
        double last = Double.NaN;
        try (TrainingSession session = new TrainingSession(classifier, adapter, 0.01, 0.0, false, 0.01)) {
            for (int i = 0; i < 8; i++) {
                StepResult result = session.step(batch, new CrossEntropyObjective());
                assertThat(result.applied()).isTrue();
                if (i == 0) {
                    first = result.loss();
                }
                last = result.loss();
            }
            assertThat(session.snapshot().labelledTasks()).as("a decoder has no label embeddings to train").isEmpty();
            assertThat(session.snapshot().parameters()).isNotEqualTo(adapter.parameters());
        }
        assertThat(last).isLessThan(first - 0.5);
    }
}
