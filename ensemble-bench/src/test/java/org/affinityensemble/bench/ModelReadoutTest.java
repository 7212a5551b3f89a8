package org.affinityensemble.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.events.ProjectionSpec;
import org.affinityensemble.model.classify.ClassifierSettings;
import org.affinityensemble.model.classify.LabelPrototypes;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.classify.PrototypeClassifier;
import org.affinityensemble.model.classify.TaskLabels;
import org.affinityensemble.model.encoder.BaseModel;
import org.affinityensemble.model.encoder.BertConfig;
import org.affinityensemble.model.encoder.MiniLmJar;
import org.affinityensemble.model.gradient.PerExampleGradients;
import org.affinityensemble.model.gradient.ProjectedGradient;
import org.affinityensemble.model.gradient.ProjectedGradients;
import org.affinityensemble.model.gradient.RademacherProjection;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.LoraLayout;
import org.affinityensemble.model.lora.LoraTerms;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.runtime.HostArrays;
import org.affinityensemble.model.testing.TestTasks;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * θ0 + P·w must be the update the surrogate's w stands for. Independently of the surrogate, for random w:
 * <ul>
 *   <li>for any gradient g, gᵀ(P·w) = (Pᵀg)ᵀw, with Pᵀg from the projection's own reference path;</li>
 *   <li>on the real MiniLM, with g the flattened per-example gradient of h ({@link PerExampleGradients}) and g̃ the
 *       gradient workers' projection of it ({@link ProjectedGradients}), gᵀ(P·w) = g̃ᵀw, and the real model moved
 *       along P·w changes h by g̃ᵀw to first order (central differences, float64);</li>
 * </ul>
 * each at the full projection dimension and at a smaller d read from the leading columns as
 * {@link GradientTable#source(int)} does (the benchmark's headline dimension is such a d).
 */
class ModelReadoutTest {

    private static final BertConfig CONFIG = BertConfig.allMiniLmL6V2();
    private static final LoraSpec LORA = LoraSpec.defaults();
    /** D_max: not a multiple of 64, so a row of P ends inside a 64-bit word of signs. */
    private static final int MAX_DIM = 96;
    private static final int[] DIMS = {MAX_DIM, 40};
    private static final int MAX_LENGTH = 32;
    private static final double MIN_COSINE = 0.05;

    private static final List<TaskLabels> TASKS = List.of(
            new TaskLabels("reviews", List.of("negative", "positive")),
            new TaskLabels("topics", List.of("sports", "finance", "weather")));
    private static final List<LabelledText> EXAMPLES = List.of(
            new LabelledText("reviews", "The battery died after two days and support never answered.", 0),
            new LabelledText("topics", "The striker scored twice in the second half.", 0),
            new LabelledText("reviews", "Great sound, comfortable, and it arrived early.", 1),
            new LabelledText("topics", "Shares fell sharply after the bank cut its forecast.", 1),
            new LabelledText("reviews", "It works, I guess, but I expected more for the price.", 0),
            new LabelledText("topics", "Heavy rain and strong winds are expected tomorrow.", 2));

    @Test
    void theUpdateIsTheParameterStepWhoseProjectionTheSurrogateFitted() {
        long parameters = LoraLayout.of(CONFIG, LORA).parameterCount();
        ProjectionSpec spec = new ProjectionSpec("m", LORA, 64, 42L, 64, parameters);
        LoraAdapter initialisation = LoraAdapter.initialise(LORA, CONFIG);
        SplittableRandom random = new SplittableRandom(5);
        float[] g = new float[(int) parameters];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) random.nextGaussian();
        }
        double[] projectedG = RademacherProjection.of(spec).projectExactly(g);
        for (int d : new int[] {64, 16}) {
            double[] w = new double[d];
            for (int c = 0; c < d; c++) {
                w[c] = random.nextGaussian() * 1e-3;
            }
            float[] before = initialisation.parameters();
            float[] after = ModelReadout.update(initialisation, spec, w).parameters();
            double step = 0;
            for (int i = 0; i < g.length; i++) {
                step += (double) g[i] * ((double) after[i] - before[i]);
            }
            double scale = Math.sqrt(64.0 / d); // the leading d columns of the 64-column projection, rescaled
            double expected = 0;
            for (int c = 0; c < d; c++) {
                expected += projectedG[c] * scale * w[c];
            }
            assertThat(step).as("d=%d", d).isCloseTo(expected, Offset.offset(2e-3 * Math.abs(expected) + 1e-6));
            assertThat(expected).isNotZero();
        }
    }

    /**
     * On the real model (float64, so that finite differences resolve first order), at the LoRA initialisation the
     * benchmark reads out from (B = 0: only B has a gradient) and away from it (A has one too, so the order of the
     * A blocks is checked as well), for every example n and a random w:
     * <ul>
     *   <li>with g the flattened per-example gradient, gᵀ(θ − θ0) equals (Pᵀg)ᵀw from the projection's exact
     *       double-precision reference within 1e-6 (only the float32 storage of θ differs), and equals g̃ᵀw with g̃
     *       from the gradient workers' code within 1e-4 (their float32 matmul rounds single entries of g̃ by up
     *       to about 1e-4 relative);</li>
     *   <li>(h(θ0 + ε·P·w) − h(θ0 − ε·P·w)) / 2 equals ε·g̃ᵀw within 3e-4 (ε = 2.5e-4; the truncation, of order
     *       ε² times the third derivative, was measured at 6e-4 for ε = 1e-3 and 4e-5 for ε = 2.5e-4, as ε²
     *       predicts; the float32 storage of θ adds far less).</li>
     * </ul>
     * A relative error of a product that cancels to almost nothing measures rounding, not the mapping, so w is
     * redrawn until |g̃ᵀw| ≥ {@value #MIN_COSINE}·‖g̃‖·‖w‖ for every example (a random w has |cos| ≈ 1/√d).
     */
    @Test
    void onTheRealModelTheUpdateMovesHByTheProjectedGradientTimesW() throws IOException {
        try (BaseModel loaded = MiniLmJar.load(); BaseModel model = loaded.withDataType(DataType.FLOAT64)) {
            PrototypeClassifier classifier = new PrototypeClassifier(model,
                    LabelPrototypes.embed(model, TASKS, MAX_LENGTH), new ClassifierSettings(20, MAX_LENGTH));
            ProjectionSpec spec = ProjectedGradients.spec(model, LORA, MAX_LENGTH, 42L, MAX_DIM);
            RademacherProjection projection = RademacherProjection.of(spec);
            ProjectedGradients worker = ProjectedGradients.forSpec(classifier, spec, PerExampleGradients.DEFAULT_CLIP,
                    4, false);
            PerExampleGradients gradients = new PerExampleGradients(classifier, PerExampleGradients.DEFAULT_CLIP);
            LoraAdapter init = LoraAdapter.initialise(LORA, model.config());
            SplittableRandom random = new SplittableRandom(17);
            double epsilon = 2.5e-4;
            double worstExact = 0;
            double worstWorker = 0;
            double worstDifference = 0;
            for (LoraAdapter theta0 : List.of(init, TestTasks.awayFromInit(LORA, model, 0.05, 3))) {
                String at = theta0 == init ? "at init" : "away from init";
                List<ProjectedGradient> projected = worker.compute(theta0, EXAMPLES);
                double[][] g = flatGradients(gradients, theta0);
                double[] h0 = logOdds(classifier, theta0);
                double[][] exact = new double[EXAMPLES.size()][];
                for (int n = 0; n < EXAMPLES.size(); n++) {
                    assertThat(Math.abs(h0[n])).as("example %d inside the clip", n)
                            .isLessThan(Math.log(1 / PerExampleGradients.DEFAULT_CLIP) - 1);
                    assertThat(projected.get(n).f0()).isCloseTo(h0[n], Offset.offset(1e-9));
                    exact[n] = projection.projectExactly(toFloats(g[n]));
                }
                for (int d : DIMS) {
                    float[][] tilde = new float[EXAMPLES.size()][];
                    for (int n = 0; n < EXAMPLES.size(); n++) {
                        tilde[n] = GradientTable.truncate(projected.get(n).projected(), d);
                    }
                    double[] w = wellConditioned(random, tilde);
                    double[] step = difference(ModelReadout.update(theta0, spec, w), theta0);
                    double[] hPlus = logOdds(classifier, ModelReadout.update(theta0, spec, scaled(w, epsilon)));
                    double[] hMinus = logOdds(classifier, ModelReadout.update(theta0, spec, scaled(w, -epsilon)));
                    for (int n = 0; n < EXAMPLES.size(); n++) {
                        double stepped = dot(g[n], step);
                        double reference = dot(truncate(exact[n], d), w);
                        double predicted = dot(tilde[n], w);
                        double exactError = Math.abs(stepped - reference) / Math.abs(reference);
                        double workerError = Math.abs(stepped - predicted) / Math.abs(predicted);
                        double moved = (hPlus[n] - hMinus[n]) / 2;
                        double difference = Math.abs(moved - epsilon * predicted) / Math.abs(epsilon * predicted);
                        worstExact = Math.max(worstExact, exactError);
                        worstWorker = Math.max(worstWorker, workerError);
                        worstDifference = Math.max(worstDifference, difference);
                        assertThat(exactError).as("g'(P w) vs exact (P'g)'w, %s, d=%d, example %d", at, d, n)
                                .isLessThanOrEqualTo(1e-6);
                        assertThat(workerError).as("g'(P w) vs the workers' g~'w, %s, d=%d, example %d", at, d, n)
                                .isLessThanOrEqualTo(1e-4);
                        assertThat(difference).as("central difference vs eps g~'w, %s, d=%d, example %d", at, d,
                                n)
                                .isLessThanOrEqualTo(3e-4);
                    }
                }
            }
            System.out.printf("model read-out mapping: max rel. error of g'(Pw) vs exact (P'g)'w = %.3g, vs the"
                    + " workers' g~'w = %.3g; central difference vs eps g~'w = %.3g%n", worstExact, worstWorker,
                    worstDifference);
        }
    }

    @Test
    void wLongerThanTheProjectionIsRefused() {
        long parameters = LoraLayout.of(CONFIG, LORA).parameterCount();
        ProjectionSpec spec = new ProjectionSpec("m", LORA, 64, 42L, 8, parameters);
        assertThatThrownBy(() -> ModelReadout.update(LoraAdapter.initialise(LORA, CONFIG), spec, new double[9]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAdapterOfAnotherLoraConfigurationIsRefused() {
        LoraSpec other = new LoraSpec(4, 8, List.of("q", "v"), 5L);
        long parameters = LoraLayout.of(CONFIG, LORA).parameterCount();
        ProjectionSpec spec = new ProjectionSpec("m", LORA, 64, 42L, 8, parameters);
        assertThatThrownBy(() -> ModelReadout.update(LoraAdapter.initialise(other, CONFIG), spec, new double[8]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The per-example gradients of h, flattened in the order the projection's rows follow. */
    private static double[][] flatGradients(PerExampleGradients gradients, LoraAdapter adapter) {
        try (NDManager scope = DjlRuntime.newManager()) {
            double[] flat = HostArrays.doubles(gradients.batched(scope, adapter, EXAMPLES).gradients());
            int columns = flat.length / EXAMPLES.size();
            assertThat((long) columns).isEqualTo(adapter.layout().parameterCount());
            double[][] rows = new double[EXAMPLES.size()][];
            for (int n = 0; n < rows.length; n++) {
                rows[n] = Arrays.copyOfRange(flat, n * columns, (n + 1) * columns);
            }
            return rows;
        }
    }

    /** h(x) of every example under the adapter, as the benchmark's {@link ValidationLosses} measures it. */
    private static double[] logOdds(PrototypeClassifier classifier, LoraAdapter adapter) {
        try (NDManager scope = DjlRuntime.newManager()) {
            var scores = classifier.score(scope, EXAMPLES.stream().map(LabelledText::taskId).toList(),
                    classifier.tokenize(EXAMPLES.stream().map(LabelledText::text).toList()),
                    LoraTerms.of(adapter, scope, classifier.dataType()));
            return HostArrays.doubles(scores.logOdds(EXAMPLES.stream().mapToInt(LabelledText::label).toArray(),
                    PerExampleGradients.DEFAULT_CLIP));
        }
    }

    /** A Gaussian w whose product with every row of {@code tilde} is not a cancellation (see the test). */
    private static double[] wellConditioned(SplittableRandom random, float[][] tilde) {
        for (int draw = 0; draw < 1000; draw++) {
            double[] w = new double[tilde[0].length];
            for (int c = 0; c < w.length; c++) {
                w[c] = random.nextGaussian();
            }
            boolean conditioned = true;
            for (float[] row : tilde) {
                conditioned &= Math.abs(dot(row, w)) >= MIN_COSINE * norm(row) * Math.sqrt(dot(w, w));
            }
            if (conditioned) {
                return w;
            }
        }
        throw new AssertionError("no well-conditioned w in 1000 draws");
    }

    private static double[] difference(LoraAdapter after, LoraAdapter before) {
        float[] a = after.parameters();
        float[] b = before.parameters();
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (double) a[i] - b[i];
        }
        return out;
    }

    /** The leading d entries of a D_max-dimensional projection, rescaled as {@link GradientTable#truncate}. */
    private static double[] truncate(double[] projected, int d) {
        double scale = Math.sqrt((double) projected.length / d);
        double[] out = new double[d];
        for (int c = 0; c < d; c++) {
            out[c] = projected[c] * scale;
        }
        return out;
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    private static double[] scaled(double[] w, double factor) {
        double[] out = new double[w.length];
        for (int c = 0; c < w.length; c++) {
            out[c] = w[c] * factor;
        }
        return out;
    }

    private static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        return Math.sqrt(sum);
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static double dot(float[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
