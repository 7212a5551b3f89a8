package org.affinityensemble.model.lora;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.encoder.AttentionModule;
import org.affinityensemble.model.encoder.BaseModel;
import org.affinityensemble.model.encoder.ProjectionAdaptation;
import org.affinityensemble.model.encoder.TokenBatch;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.runtime.HostArrays;
import org.affinityensemble.model.testing.Fixtures;
import org.affinityensemble.model.testing.TestModels;
import org.affinityensemble.model.testing.TestTasks;
import org.junit.jupiter.api.Test;

/** LoRA in the forward pass: B = 0 is the base model; merged weights equal the unmerged weighted LoRA terms. */
class MergedDeltasTest {

    @Test
    void anAdapterAtInitialisationLeavesTheEncoderUnchanged() {
        BaseModel model = TestModels.miniLm();
        TokenBatch tokens = model.tokenizer().encode(Fixtures.texts(Fixtures.amazon()).subList(0, 4), 64);
        LoraAdapter init = LoraAdapter.initialise(LoraSpec.defaults(), model.config());
        try (NDManager scope = DjlRuntime.newManager()) {
            float[][] base = embed(model, tokens, scope, ProjectionAdaptation.NONE);
            float[][] adapted = embed(model, tokens, scope, LoraTerms.of(init, scope, DataType.FLOAT32));
            // B = 0 adds exact zeros; two forward passes may still round apart in the last bits (the first passes of
            // a process, a machine under load: ADR 0119), so equal within float32 rounding, not bit for bit.
            double worst = 0;
            for (int n = 0; n < base.length; n++) {
                for (int j = 0; j < base[n].length; j++) {
                    worst = Math.max(worst, Math.abs(adapted[n][j] - base[n][j]));
                }
            }
            assertThat(worst).isLessThan(1e-5);
        }
    }

    @Test
    void mergedDeltasEqualTheDirectWeightedLoraComputation() {
        BaseModel model = TestModels.miniLm();
        LoraAdapter first = TestTasks.awayFromInit(LoraSpec.defaults(), model, 0.05, 1);
        LoraAdapter second = TestTasks.awayFromInit(new LoraSpec(4, 4, List.of("q", "o"), 9L), model, 0.05, 2);
        List<LoraAdapter> adapters = List.of(first, second);
        double[] weights = {0.7, 0.3};
        TokenBatch tokens = model.tokenizer().encode(Fixtures.texts(Fixtures.imdb()).subList(0, 4), 64);
        try (NDManager scope = DjlRuntime.newManager()) {
            MergedDeltas merged = MergedDeltas.of(adapters, weights, scope, DataType.FLOAT32);

            // ΔW of layer 0's query, [out, in], computed in Java: Σ_k w_k (alpha_k/r_k) Σ_r A_k[i][r] B_k[r][o].
            float[] delta = merged.delta(0, AttentionModule.Q).toFloatArray();
            int firstSlot = first.layout().indexOf(0, AttentionModule.Q);
            int secondSlot = second.layout().indexOf(0, AttentionModule.Q);
            double worst = 0;
            for (int out = 0; out < 384; out++) {
                for (int in = 0; in < 384; in++) {
                    double expected = weights[0] * first.scaling() * product(first, firstSlot, in, out)
                            + weights[1] * second.scaling() * product(second, secondSlot, in, out);
                    worst = Math.max(worst, Math.abs(delta[out * 384 + in] - expected));
                }
            }
            assertThat(worst).isLessThan(1e-6);
            assertThat(merged.delta(0, AttentionModule.K)).isNotNull();
            assertThat(merged.delta(0, AttentionModule.O)).isNotNull();

            float[][] mergedEmbeddings = embed(model, tokens, scope, merged);
            float[][] direct = embed(model, tokens, scope, LoraTerms.weightedSum(adapters, weights, scope,
                    DataType.FLOAT32));
            float[][] base = embed(model, tokens, scope, ProjectionAdaptation.NONE);
            assertThat(maxDiff(mergedEmbeddings, direct)).isLessThan(1e-5);
            assertThat(maxDiff(mergedEmbeddings, base)).as("the adapters change the embeddings").isGreaterThan(1e-3);
        }
    }

    private static double product(LoraAdapter adapter, int slot, int in, int out) {
        float[] a = adapter.a(slot);
        float[] b = adapter.b(slot);
        int rank = adapter.layout().rank();
        double sum = 0;
        for (int r = 0; r < rank; r++) {
            sum += (double) a[in * rank + r] * b[r * 384 + out];
        }
        return sum;
    }

    private static float[][] embed(BaseModel model, TokenBatch tokens, NDManager scope, ProjectionAdaptation a) {
        NDArray embeddings = model.encoder().sentenceEmbeddings(tokens.idArray(scope), tokens.maskArray(scope), a);
        return HostArrays.rows(embeddings);
    }

    private static double maxDiff(float[][] x, float[][] y) {
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < x[i].length; k++) {
                max = Math.max(max, Math.abs(x[i][k] - y[i][k]));
            }
        }
        return max;
    }
}
