package org.affinityensemble.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.affinityensemble.affinity.GradientSource;
import org.affinityensemble.affinity.LinearisedTraining;
import org.affinityensemble.affinity.Logistic;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.task.TaskClassifier;
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
 *   <li>{@link #adamScale} and {@link #projected}: the surrogate's input with each gradient coordinate scaled by
 *   v^(-1/4) before the projection, v the second moment of a batch gradient of the loss at the initialisation, so that the
 *   ridge's Euclidean geometry is Adam's diagonal one (θ = v^(-1/4)·ψ turns Adam's steps in θ into roughly
 *   isotropic ones in ψ);</li>
 *   <li>the trainer's schedule with Adam's second moment held at that v ({@link #replayFixedSecondMoment}, all D
 *   parameters), and the same on the projected rows ({@link #projected}, {@link #scheduleOver}): a surrogate that
 *   follows the trajectory instead of the ridge's optimum, taken apart into what fixing v and what projecting
 *   cost.</li>
 * </ul>
 */
final class FullGradients {

    private final List<BenchmarkExample> examples;
    private final ExampleRows rows;
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
        this.rows = new ExampleRows(examples.stream().map(BenchmarkExample::text).toList());
    }

    /** The gradients at {@code initialisation}; with {@code frozenA} those of the B matrices only. */
    static FullGradients compute(TaskClassifier classifier, LoraAdapter initialisation,
            List<BenchmarkExample> examples, int batchSize, boolean frozenA) {
        PerExampleGradients worker = new PerExampleGradients(classifier, PerExampleGradients.DEFAULT_CLIP, frozenA);
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
        double[] theta = IntStream.range(0, start.length).mapToDouble(j -> start[j]).toArray();
        return schedule((float[]) null).validationLosses(train, validation, config, LinearisedTraining.Rule.ADAMW, theta);
    }

    /**
     * The same schedule with Adam's second moment held at the fixed {@link #adamScale} v of {@code preconditioner}
     * ({@link LinearisedTraining.Rule#MOMENTUM} on g ⊙ v^(-1/4), all D parameters): what fixing v costs before
     * any projection.
     */
    Map<String, Double> replayFixedSecondMoment(List<LabelledText> train, List<LabelledText> validation,
            TrainingConfig config, float[] preconditioner) {
        double[] psi = new double[start.length];
        for (int j = 0; j < psi.length; j++) {
            psi[j] = preconditioner[j] > 0 ? start[j] / preconditioner[j] : 0;
        }
        return schedule(preconditioner).validationLosses(train, validation, config,
                LinearisedTraining.Rule.MOMENTUM, psi);
    }

    /**
     * Adam's diagonal geometry at the start: per coordinate v_j^(-1/4), where v_j = μ_j² + (s_j − μ_j²)/B is the
     * second moment of a batch-of-B mean of the per-example loss gradients ℓ'(f0)·g over {@code train} (μ their
     * mean, s the mean of their squares). Coordinates with v_j = 0 (the A matrices at B = 0) carry no first-order
     * effect and get 0.
     */
    float[] adamScale(List<LabelledText> train, int batchSize) {
        int dim = start.length;
        double[] mean = new double[dim];
        double[] square = new double[dim];
        for (LabelledText text : train) {
            int i = rows.row(text);
            double slope = -Logistic.sigmoid(-f0[i]);
            float[] g = gradients[i];
            for (int j = 0; j < dim; j++) {
                double value = slope * g[j];
                mean[j] += value;
                square[j] += value * value;
            }
        }
        float[] scale = new float[dim];
        for (int j = 0; j < dim; j++) {
            double mu = mean[j] / train.size();
            double second = mu * mu + (square[j] / train.size() - mu * mu) / batchSize;
            scale[j] = second > 0 ? (float) Math.pow(second, -0.25) : 0f;
        }
        return scale;
    }

    /** Every training example of the benchmark, the texts {@link #adamScale} pools over for one shared v. */
    List<LabelledText> trainingTexts() {
        return examples.stream().filter(e -> !e.validation()).map(BenchmarkExample::text).toList();
    }

    /**
     * The surrogate's input with Adam's diagonal geometry: g ⊙ {@code scale} projected by {@code projection}, for
     * the ridge surrogate ({@link #source}) or a {@link LinearisedSchedule} over the projected rows.
     */
    float[][] projected(float[] scale, RademacherProjection projection) {
        int dim = start.length;
        float[][] out = new float[examples.size()][];
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
            try (NDManager scope = DjlRuntime.newManager()) {
                float[][] block = projection.project(scope.create(flat, new Shape(to - from, dim)));
                System.arraycopy(block, 0, out, from, to - from);
            }
        }
        return out;
    }

    /**
     * A block-diagonal projection of every example's gradient: block b, the {@code sizes[b]} coordinates from
     * {@code starts[b]}, is projected on its own by a ±1/√d_b matrix ({@link RademacherProjection} of seed
     * {@code seed + b}) to {@code dims[b]} values, and the blocks' values follow each other in block order.
     * Coordinates outside every block are dropped. Adam on these rows adapts one second moment per block, as it
     * adapts one per coordinate on the unprojected gradients.
     */
    float[][] blockProjected(long[] starts, int[] sizes, int[] dims, long seed) {
        if (starts.length != sizes.length || starts.length != dims.length) {
            throw new IllegalArgumentException("one start, size and dimension per block");
        }
        int total = Arrays.stream(dims).sum();
        float[][] matrices = new float[starts.length][];
        for (int b = 0; b < starts.length; b++) {
            if (starts[b] < 0 || sizes[b] < 1 || dims[b] < 1 || starts[b] + sizes[b] > start.length) {
                throw new IllegalArgumentException("block " + b + " is outside the " + start.length + " parameters");
            }
            matrices[b] = new float[sizes[b] * dims[b]];
            new RademacherProjection(seed + b, sizes[b], dims[b]).fillRows(0, sizes[b], matrices[b]);
        }
        float[][] out = new float[examples.size()][total];
        for (int i = 0; i < examples.size(); i++) {
            float[] g = gradients[i];
            int column = 0;
            for (int b = 0; b < starts.length; b++) {
                double[] sum = new double[dims[b]];
                for (int r = 0; r < sizes[b]; r++) {
                    float value = g[(int) starts[b] + r];
                    if (value != 0f) {
                        int offset = r * dims[b];
                        for (int k = 0; k < dims[b]; k++) {
                            sum[k] += value * matrices[b][offset + k];
                        }
                    }
                }
                for (int k = 0; k < dims[b]; k++) {
                    out[i][column + k] = (float) sum[k];
                }
                column += dims[b];
            }
        }
        return out;
    }

    /** The surrogate's input from {@code rows} of {@code dim} values, one per example in order, with their f0. */
    GradientSource source(float[][] rows, int dim) {
        return GradientTable.source(examples, f0, rows, dim);
    }

    /** A schedule on these examples' f0 and gradients, each coordinate times {@code scale} (null: as they are). */
    LinearisedSchedule schedule(float[] scale) {
        return new LinearisedSchedule(this.rows, f0, gradients, scale);
    }

    /** A schedule on these examples' f0 and other features of theirs (such as {@link #projected} rows), in order. */
    LinearisedSchedule scheduleOver(float[][] features) {
        return new LinearisedSchedule(rows, f0, features, null);
    }
}
