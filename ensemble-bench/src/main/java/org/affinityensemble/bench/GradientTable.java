package org.affinityensemble.bench;

import java.util.ArrayList;
import java.util.List;
import org.affinityensemble.affinity.GradientSource;
import org.affinityensemble.affinity.InMemoryGradientSource;
import org.affinityensemble.affinity.TaskExample;
import org.affinityensemble.events.ProjectionSpec;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.task.TaskClassifier;
import org.affinityensemble.model.gradient.PerExampleGradients;
import org.affinityensemble.model.gradient.ProjectedGradient;
import org.affinityensemble.model.gradient.ProjectedGradients;
import org.affinityensemble.model.lora.LoraAdapter;

/**
 * f0 and the projected gradient of every benchmark example at the LoRA initialisation, computed once at the
 * largest dimension D_max by the gradient workers' code ({@link ProjectedGradients}) and served to the surrogate
 * at any smaller d. That is exact: entry (i, j) of the ±1/√d projection has a sign that depends only on (seed, i,
 * j), so P_d is the first d columns of P_Dmax times √(Dmax/d) ({@link #truncate}). Immutable.
 */
public final class GradientTable {

    private final int maxDim;
    private final List<BenchmarkExample> examples;
    private final List<ProjectedGradient> gradients;
    private final double seconds;

    private GradientTable(int maxDim, List<BenchmarkExample> examples, List<ProjectedGradient> gradients,
            double seconds) {
        this.maxDim = maxDim;
        this.examples = List.copyOf(examples);
        this.gradients = List.copyOf(gradients);
        this.seconds = seconds;
    }

    /**
     * Computes every example's f0 and Pᵀ∇h at {@code initialisation} under {@code spec} (its dimension is the
     * largest served), in batches of {@code batchSize}; with {@code frozenA} the gradients of the B matrices only
     * (the parameters that fine-tuning with A frozen moves).
     */
    public static GradientTable compute(TaskClassifier classifier, ProjectionSpec spec,
            LoraAdapter initialisation, List<BenchmarkExample> examples, int batchSize, boolean frozenA) {
        return compute(classifier, spec, initialisation, examples, batchSize, frozenA, 0);
    }

    /**
     * As above; with {@code labelScale} &gt; 0 (training also trains the label embeddings) each example's gradient
     * also holds its task's label block ({@link PerExampleGradients}).
     */
    public static GradientTable compute(TaskClassifier classifier, ProjectionSpec spec,
            LoraAdapter initialisation, List<BenchmarkExample> examples, int batchSize, boolean frozenA,
            double labelScale) {
        ProjectedGradients worker = ProjectedGradients.forSpec(classifier, spec, PerExampleGradients.DEFAULT_CLIP,
                batchSize, frozenA, labelScale);
        List<LabelledText> texts = examples.stream().map(BenchmarkExample::text).toList();
        long started = System.nanoTime();
        List<ProjectedGradient> gradients = worker.compute(initialisation, texts);
        return new GradientTable(spec.dim(), examples, gradients, (System.nanoTime() - started) / 1e9);
    }

    /** A table of gradients computed before (a cache, {@link GradientTableCache}), with the seconds they took. */
    static GradientTable of(int maxDim, List<BenchmarkExample> examples, List<ProjectedGradient> gradients,
            double seconds) {
        if (examples.size() != gradients.size()) {
            throw new IllegalArgumentException(examples.size() + " examples but " + gradients.size() + " gradients");
        }
        return new GradientTable(maxDim, examples, gradients, seconds);
    }

    /** The gradients, in example order. */
    List<ProjectedGradient> gradients() {
        return gradients;
    }

    /** Wall-clock seconds the gradients took (all examples, training and validation). */
    public double seconds() {
        return seconds;
    }

    public int maxDim() {
        return maxDim;
    }

    /** The examples' f0 = h(x) at the initialisation, in example order. */
    public double f0(int index) {
        return gradients.get(index).f0();
    }

    public List<BenchmarkExample> examples() {
        return examples;
    }

    /** The surrogate's input at projection dimension {@code dim} ≤ {@link #maxDim()}. */
    public GradientSource source(int dim) {
        return source(examples, gradients.stream().mapToDouble(ProjectedGradient::f0).toArray(), rows(dim), dim);
    }

    /**
     * The surrogate's input from per-example features: row i, {@code rows[i]} of {@code dim} values, and
     * {@code f0[i]} belong to {@code examples.get(i)}.
     */
    static GradientSource source(List<BenchmarkExample> examples, double[] f0, float[][] rows, int dim) {
        List<TaskExample> out = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            BenchmarkExample example = examples.get(i);
            out.add(new TaskExample(example.taskId(), example.sampleId(), example.validation(), f0[i], rows[i]));
        }
        return new InMemoryGradientSource(dim, out);
    }

    /** Every example's projected gradient at dimension {@code dim}, in example order (the source's rows). */
    public float[][] rows(int dim) {
        return gradients.stream().map(gradient -> truncate(gradient.projected(), dim)).toArray(float[][]::new);
    }

    /**
     * The projection at dimension {@code dim} of a gradient projected at dimension {@code projected.length}: its
     * first {@code dim} values times √(projected.length / dim).
     */
    static float[] truncate(float[] projected, int dim) {
        if (dim < 1 || dim > projected.length) {
            throw new IllegalArgumentException("cannot derive dimension " + dim + " from " + projected.length);
        }
        double scale = Math.sqrt((double) projected.length / dim);
        float[] out = new float[dim];
        for (int j = 0; j < dim; j++) {
            out[j] = (float) (projected[j] * scale);
        }
        return out;
    }
}
