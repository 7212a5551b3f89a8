package org.affinityensemble.model.gradient;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import java.util.SplittableRandom;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.classify.PrototypeClassifier;
import org.affinityensemble.model.encoder.BaseModel;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.LoraTerms;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.runtime.HostArrays;
import org.affinityensemble.model.testing.TestModels;
import org.affinityensemble.model.testing.TestTasks;
import org.junit.jupiter.api.Test;

/** Batched per-example gradients against a one-at-a-time loop and against central finite differences. */
class PerExampleGradientsTest {

    private static final LoraSpec SPEC = new LoraSpec(4, 8, List.of("q", "k", "v", "o"), 5L);

    @Test
    void batchedGradientsEqualTheOneByOneLoopAtAndAwayFromInitialisation() {
        BaseModel model = TestModels.miniLm();
        PerExampleGradients gradients = new PerExampleGradients(TestTasks.classifier(model, 64), 1e-6);
        List<LabelledText> batch = TestTasks.mixed(4);
        double worst = 0;
        for (LoraAdapter adapter : List.of(LoraAdapter.initialise(SPEC, model.config()),
                TestTasks.awayFromInit(SPEC, model, 0.05, 11))) {
            try (NDManager scope = DjlRuntime.newManager()) {
                GradientMatrix batched = gradients.batched(scope, adapter, batch);
                GradientMatrix loop = gradients.oneByOne(scope, adapter, batch);
                float[][] b = HostArrays.rows(batched.gradients());
                float[][] l = HostArrays.rows(loop.gradients());
                assertThat(b).hasNumberOfRows(batch.size());
                assertThat(b[0]).hasSize((int) adapter.layout().parameterCount());
                for (int n = 0; n < batch.size(); n++) {
                    assertThat(batched.f0()[n]).isCloseTo(loop.f0()[n], org.assertj.core.data.Offset.offset(1e-5));
                    assertThat(norm(l[n])).isGreaterThan(0);
                    double error = relativeError(b[n], l[n]);
                    worst = Math.max(worst, error);
                    assertThat(error).as("example %d", n).isLessThanOrEqualTo(1e-5);
                }
            }
        }
        System.out.printf("batched vs loop: max relative error %.3g%n", worst);
    }

    @Test
    void atInitialisationTheAGradientsAreExactlyZeroAndTheBGradientsAreNot() {
        BaseModel model = TestModels.miniLm();
        PerExampleGradients gradients = new PerExampleGradients(TestTasks.classifier(model, 64), 1e-6);
        LoraAdapter init = LoraAdapter.initialise(SPEC, model.config());
        try (NDManager scope = DjlRuntime.newManager()) {
            float[][] g = HostArrays.rows(gradients.batched(scope, init, TestTasks.mixed(2)).gradients());
            for (float[] row : g) {
                double aNorm = 0;
                double bNorm = 0;
                for (int slot = 0; slot < init.layout().slots().size(); slot++) {
                    aNorm += squaredNorm(row, init.layout().aOffset(slot), init.layout().aSize(slot));
                    bNorm += squaredNorm(row, init.layout().bOffset(slot), init.layout().bSize(slot));
                }
                assertThat(aNorm).isZero();
                assertThat(bNorm).isPositive();
            }
        }
    }

    @Test
    void withAFrozenTheGradientIsTheFullOnesBPartAndZeroOnAAwayFromInitialisation() {
        BaseModel model = TestModels.miniLm();
        PrototypeClassifier classifier = TestTasks.classifier(model, 64);
        PerExampleGradients full = new PerExampleGradients(classifier, 1e-6);
        PerExampleGradients frozenA = new PerExampleGradients(classifier, 1e-6, true);
        LoraAdapter adapter = TestTasks.awayFromInit(SPEC, model, 0.05, 11);
        List<LabelledText> batch = TestTasks.mixed(3);
        try (NDManager scope = DjlRuntime.newManager()) {
            GradientMatrix reference = full.batched(scope, adapter, batch);
            float[][] all = HostArrays.rows(reference.gradients());
            for (GradientMatrix matrix : List.of(frozenA.batched(scope, adapter, batch),
                    frozenA.oneByOne(scope, adapter, batch))) {
                float[][] rows = HostArrays.rows(matrix.gradients());
                assertThat(rows).hasNumberOfRows(batch.size());
                for (int n = 0; n < batch.size(); n++) {
                    assertThat(matrix.f0()[n]).isCloseTo(reference.f0()[n], org.assertj.core.data.Offset.offset(1e-5));
                    assertThat(rows[n]).hasSize(all[n].length);
                    float[] expected = all[n].clone();
                    double aNorm = 0;
                    for (int slot = 0; slot < adapter.layout().slots().size(); slot++) {
                        int from = (int) adapter.layout().aOffset(slot);
                        aNorm += squaredNorm(all[n], from, adapter.layout().aSize(slot));
                        java.util.Arrays.fill(expected, from, from + adapter.layout().aSize(slot), 0f);
                    }
                    assertThat(aNorm).as("A's gradient away from initialisation").isPositive();
                    assertThat(relativeError(rows[n], expected)).as("example %d", n).isLessThanOrEqualTo(1e-5);
                }
            }
        }
    }

    @Test
    void anAdapterThatYieldsNonFiniteGradientsIsRefusedAfterRecomputation() {
        BaseModel model = TestModels.miniLm();
        PerExampleGradients gradients = new PerExampleGradients(TestTasks.classifier(model, 32), 1e-6);
        LoraAdapter init = LoraAdapter.initialise(SPEC, model.config());
        float[] values = init.parameters();
        values[(int) init.layout().bOffset(2)] = Float.POSITIVE_INFINITY;
        try (NDManager scope = DjlRuntime.newManager()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> gradients.batched(scope, init.withParameters(values), TestTasks.mixed(1)))
                    .isInstanceOf(NonFiniteGradientException.class).hasMessageContaining("3 times");
        }
    }

    /**
     * In float64, central differences (h(θ+εe_k) − h(θ−εe_k)) / 2ε on random coordinates k of A and B, for every
     * example of a mixed batch, away from initialisation. With ε ≈ 6e-5 the truncation error (ε²·h'''/6) and the
     * float64 rounding (1e-16/ε) are both below 1e-8 of the gradients' scale, so 1e-6 is a safe bound.
     */
    @Test
    void gradientsAgreeWithCentralFiniteDifferencesInFloat64() {
        try (BaseModel model64 = TestModels.miniLm().withDataType(DataType.FLOAT64)) {
            PrototypeClassifier classifier = TestTasks.classifier(model64, 64);
            PerExampleGradients gradients = new PerExampleGradients(classifier, 1e-6);
            LoraAdapter adapter = TestTasks.awayFromInit(SPEC, model64, 0.05, 3);
            List<LabelledText> batch = TestTasks.mixed(2);
            double[][] analytic;
            try (NDManager scope = DjlRuntime.newManager()) {
                GradientMatrix matrix = gradients.batched(scope, adapter, batch);
                assertThat(matrix.gradients().getDataType()).isEqualTo(DataType.FLOAT64);
                analytic = rowsOf(HostArrays.doubles(matrix.gradients()), batch.size());
            }
            double scale = 0;
            for (double[] row : analytic) {
                for (double v : row) {
                    scale = Math.max(scale, Math.abs(v));
                }
            }
            float[] theta = adapter.parameters();
            SplittableRandom random = new SplittableRandom(9);
            double step = Math.scalb(1.0, -14);
            double worst = 0;
            for (int probe = 0; probe < 12; probe++) {
                int slot = random.nextInt(adapter.layout().slots().size());
                boolean inA = probe % 2 == 0;
                long start = inA ? adapter.layout().aOffset(slot) : adapter.layout().bOffset(slot);
                int k = (int) (start + random.nextInt(inA ? adapter.layout().aSize(slot) : adapter.layout().bSize(slot)));
                float plus = (float) (theta[k] + step);
                float minus = (float) (theta[k] - step);
                double[] hPlus = logOdds(classifier, adapter, theta, k, plus, batch);
                double[] hMinus = logOdds(classifier, adapter, theta, k, minus, batch);
                for (int n = 0; n < batch.size(); n++) {
                    double numeric = (hPlus[n] - hMinus[n]) / ((double) plus - (double) minus);
                    worst = Math.max(worst, Math.abs(numeric - analytic[n][k]) / scale);
                    assertThat(Math.abs(numeric - analytic[n][k])).as("coordinate %d, example %d", k, n)
                            .isLessThanOrEqualTo(1e-6 * scale);
                }
            }
            System.out.printf("finite differences (float64): max |error| / max |gradient| = %.3g%n", worst);
        }
    }

    private static double[] logOdds(PrototypeClassifier classifier, LoraAdapter adapter, float[] theta, int k,
            float value, List<LabelledText> batch) {
        float[] moved = theta.clone();
        moved[k] = value;
        LoraAdapter shifted = LoraAdapter.of(adapter.spec(), classifier.model().config(), moved);
        try (NDManager scope = DjlRuntime.newManager()) {
            var scores = classifier.score(scope, batch.stream().map(LabelledText::taskId).toList(),
                    classifier.tokenize(batch.stream().map(LabelledText::text).toList()),
                    LoraTerms.of(shifted, scope, classifier.dataType()));
            return HostArrays.doubles(scores.logOdds(batch.stream().mapToInt(LabelledText::label).toArray(), 1e-6));
        }
    }

    private static double[][] rowsOf(double[] flat, int rows) {
        int cols = flat.length / rows;
        double[][] out = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * cols, out[r], 0, cols);
        }
        return out;
    }

    private static double squaredNorm(float[] v, long from, int count) {
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += (double) v[(int) from + i] * v[(int) from + i];
        }
        return sum;
    }

    static double norm(float[] v) {
        return Math.sqrt(squaredNorm(v, 0, v.length));
    }

    static double relativeError(float[] actual, float[] expected) {
        double diff = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = actual[i] - expected[i];
            diff += d * d;
        }
        return Math.sqrt(diff) / norm(expected);
    }
}
