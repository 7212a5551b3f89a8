package org.affinityensemble.cli.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.affinityensemble.affinity.domain.GradientSource;
import org.affinityensemble.affinity.domain.InMemoryGradientSource;
import org.affinityensemble.affinity.domain.Logistic;
import org.affinityensemble.affinity.domain.TaskExample;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.classify.PrototypeClassifier;
import org.affinityensemble.model.gradient.GradientMatrix;
import org.affinityensemble.model.gradient.PerExampleGradients;
import org.affinityensemble.model.gradient.RademacherProjection;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.runtime.HostArrays;
import org.affinityensemble.model.train.TrainingConfig;

/**
 * The unprojected gradients ∇h(x) of every benchmark example at the initialisation (all D LoRA parameters, held
 * in memory: 8 × 250 examples × 110,592 floats is about 0.9 GB) for two diagnostics of the surrogate
 * ({@code --linearised-training=true}) that separate what the first-order model h ≈ f0 + gᵀΔθ gets wrong from
 * what the surrogate's ridge fit gets wrong:
 * <ul>
 *   <li>{@link #replayAdamW}: the trainer's own schedule (the same training texts, the same {@code Random(seed)}
 *   shuffle, batches, AdamW with its learning rate, weight decay and bias correction, DJL's defaults β1 = 0.9,
 *   β2 = 0.999, ε = 1e-8) run on the first-order model instead of the network. If this matches real fine-tuning,
 *   the linearisation holds and the ridge surrogate's error is its form (an L2 optimum rather than an AdamW
 *   trajectory); if it does not, no surrogate built on gradients at this point can;</li>
 *   <li>{@link #adamPreconditioned}: the surrogate's input with each gradient coordinate scaled by v^(-1/4) before
 *   the projection, v the second moment of a batch gradient of the loss at the initialisation, so that the
 *   ridge's Euclidean geometry is Adam's diagonal one (θ = v^(-1/4)·ψ turns Adam's steps in θ into roughly
 *   isotropic ones in ψ).</li>
 * </ul>
 */
final class FullGradients {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final List<BenchmarkExample> examples;
    private final Map<LabelledText, Integer> rowOf;
    private final double[] f0;
    private final float[][] gradients;
    private final float[] start;
    private final double seconds;

    private FullGradients(List<BenchmarkExample> examples, double[] f0, float[][] gradients, float[] start,
            double seconds) {
        this.examples = List.copyOf(examples);
        this.f0 = f0;
        this.gradients = gradients;
        this.start = start;
        this.seconds = seconds;
        this.rowOf = new HashMap<>();
        for (int i = 0; i < examples.size(); i++) {
            rowOf.put(examples.get(i).text(), i);
        }
    }

    static FullGradients compute(PrototypeClassifier classifier, LoraAdapter initialisation,
            List<BenchmarkExample> examples, int batchSize) {
        PerExampleGradients worker = new PerExampleGradients(classifier, PerExampleGradients.DEFAULT_CLIP);
        double[] f0 = new double[examples.size()];
        float[][] rows = new float[examples.size()][];
        long started = System.nanoTime();
        for (int from = 0; from < examples.size(); from += batchSize) {
            List<LabelledText> batch = examples.subList(from, Math.min(examples.size(), from + batchSize)).stream()
                    .map(BenchmarkExample::text).toList();
            try (NDManager scope = DjlRuntime.newManager()) {
                GradientMatrix matrix = worker.batched(scope, initialisation, batch);
                float[][] batchRows = HostArrays.rows(matrix.gradients().toType(DataType.FLOAT32, true));
                for (int n = 0; n < batch.size(); n++) {
                    f0[from + n] = matrix.f0()[n];
                    rows[from + n] = batchRows[n];
                }
            }
        }
        return new FullGradients(examples, f0, rows, initialisation.parameters(),
                (System.nanoTime() - started) / 1e9);
    }

    /** Given gradients: row i of {@code gradients} and {@code f0[i]} belong to {@code examples.get(i)}. */
    static FullGradients of(List<BenchmarkExample> examples, double[] f0, float[][] gradients, float[] start) {
        if (f0.length != examples.size() || gradients.length != examples.size()) {
            throw new IllegalArgumentException("one f0 and one gradient per example");
        }
        for (float[] row : gradients) {
            if (row.length != start.length) {
                throw new IllegalArgumentException("a gradient has " + row.length + " values, the start point "
                        + start.length);
            }
        }
        return new FullGradients(examples, f0.clone(), gradients, start.clone(), 0);
    }

    double seconds() {
        return seconds;
    }

    /**
     * The per-task mean validation loss ℓ(f0 + gᵀ(θ − θ_start)) after running the trainer's AdamW schedule on the
     * first-order model over {@code train} (the texts in the order the trainer gets them).
     */
    Map<String, Double> replayAdamW(List<LabelledText> train, List<LabelledText> validation, TrainingConfig config) {
        int dim = start.length;
        double[] theta = IntStream.range(0, dim).mapToDouble(j -> start[j]).toArray();
        double[] m = new double[dim];
        double[] v = new double[dim];
        double[] grad = new double[dim];
        Random random = new Random(config.seed());
        List<Integer> order = new ArrayList<>(IntStream.range(0, train.size()).boxed().toList());
        int t = 0;
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            Collections.shuffle(order, random);
            for (int from = 0; from < order.size(); from += config.batchSize()) {
                List<Integer> batch = order.subList(from, Math.min(order.size(), from + config.batchSize()));
                Arrays.fill(grad, 0);
                for (int index : batch) {
                    int row = row(train.get(index));
                    double h = f0[row] + change(gradients[row], theta);
                    // dℓ/dh of ℓ(h) = log(1 + exp(−h)), averaged over the batch like the trainer's mean loss.
                    double slope = -Logistic.sigmoid(-h) / batch.size();
                    float[] g = gradients[row];
                    for (int j = 0; j < dim; j++) {
                        grad[j] += slope * g[j];
                    }
                }
                t++;
                double lr = config.learningRate();
                double corrected = lr * Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t));
                for (int j = 0; j < dim; j++) {
                    m[j] = BETA1 * m[j] + (1 - BETA1) * grad[j];
                    v[j] = BETA2 * v[j] + (1 - BETA2) * grad[j] * grad[j];
                    theta[j] -= lr * config.weightDecay() * theta[j];
                    theta[j] -= corrected * m[j] / (Math.sqrt(v[j]) + EPSILON);
                }
            }
        }
        double[] logOdds = validation.stream().mapToInt(this::row).mapToDouble(row -> f0[row]
                + change(gradients[row], theta)).toArray();
        return ValidationLosses.meanLossPerTask(validation, logOdds);
    }

    /**
     * The surrogate's input with Adam's diagonal geometry: g ⊙ v^(-1/4) projected by {@code projection}, where
     * v_j = μ_j² + (s_j − μ_j²)/B is the second moment of a batch-of-B mean of the per-example loss gradients
     * ℓ'(f0)·g at the initialisation over all training examples (μ their mean, s the mean of their squares).
     * Coordinates with v_j = 0 (the A matrices at B = 0) carry no first-order effect and stay 0.
     */
    GradientSource adamPreconditioned(RademacherProjection projection, int batchSize) {
        int dim = start.length;
        double[] mean = new double[dim];
        double[] square = new double[dim];
        int count = 0;
        for (int i = 0; i < examples.size(); i++) {
            if (examples.get(i).validation()) {
                continue;
            }
            double slope = -Logistic.sigmoid(-f0[i]);
            float[] g = gradients[i];
            for (int j = 0; j < dim; j++) {
                double value = slope * g[j];
                mean[j] += value;
                square[j] += value * value;
            }
            count++;
        }
        float[] scale = new float[dim];
        for (int j = 0; j < dim; j++) {
            double mu = mean[j] / count;
            double second = mu * mu + (square[j] / count - mu * mu) / batchSize;
            scale[j] = second > 0 ? (float) Math.pow(second, -0.25) : 0f;
        }
        List<TaskExample> rows = new ArrayList<>(examples.size());
        int chunk = 64;
        for (int from = 0; from < examples.size(); from += chunk) {
            int to = Math.min(examples.size(), from + chunk);
            float[] flat = new float[(to - from) * dim];
            for (int i = from; i < to; i++) {
                float[] g = gradients[i];
                int offset = (i - from) * dim;
                for (int j = 0; j < dim; j++) {
                    flat[offset + j] = g[j] * scale[j];
                }
            }
            float[][] projected;
            try (NDManager scope = DjlRuntime.newManager()) {
                NDArray block = scope.create(flat, new Shape(to - from, dim));
                projected = projection.project(block);
            }
            for (int i = from; i < to; i++) {
                BenchmarkExample example = examples.get(i);
                rows.add(new TaskExample(example.taskId(), example.sampleId(), example.validation(), f0[i],
                        projected[i - from]));
            }
        }
        return new InMemoryGradientSource(projection.outputDim(), rows);
    }

    private int row(LabelledText text) {
        Integer row = rowOf.get(text);
        if (row == null) {
            throw new IllegalArgumentException("no gradient for an example of " + text.taskId());
        }
        return row;
    }

    /** gᵀ(θ − θ_start): only the change from the start point enters the first-order model (f0 holds the rest). */
    private double change(float[] g, double[] theta) {
        double sum = 0;
        for (int j = 0; j < g.length; j++) {
            if (g[j] != 0f) {
                sum += g[j] * (theta[j] - start[j]);
            }
        }
        return sum;
    }
}
