package org.affinityensemble.bench;

import org.affinityensemble.events.ProjectionSpec;
import org.affinityensemble.model.gradient.RademacherProjection;
import org.affinityensemble.model.lora.LoraAdapter;

/**
 * The paper's read-out of the surrogate: instead of reading each task's loss out of the linearised model
 * f0 + g̃ᵀw, evaluate the real model at the LoRA parameters θ0 + P·w that the fitted w stands for. With
 * g̃ = Pᵀg and g = ∇h(θ0) (h the log-odds of the correct label, the surrogate's margin, taken as it is: the
 * surrogate scales neither g̃ nor f0), the linearisation of h at θ0 + P·w is h(θ0) + gᵀP·w = f0 + g̃ᵀw, so P·w
 * is the parameter update the surrogate predicts. The flat parameter vector of {@link LoraAdapter} and the
 * flattened gradient share one order ({@link org.affinityensemble.model.lora.LoraLayout}), which is the row
 * order of P. P is regenerated {@value RademacherProjection#BLOCK_ROWS} rows at a time from the projection's
 * seed ({@link RademacherProjection#fillRows}), never held whole.
 *
 * <p>The gradients are projected once at the largest dimension D_max; a smaller d uses the first d columns
 * rescaled by √(D_max/d) ({@link GradientTable#source(int)}), i.e. the entries ±1/√d of the same signs, and so
 * does the update here.
 */
public final class ModelReadout {

    private ModelReadout() {
    }

    /**
     * θ0 + P_d·w for the projection {@code spec} (at its own dimension D_max ≥ d = w.length), where θ0 is
     * {@code initialisation}: the adapter the gradients were taken at (the LoRA initialisation, or the
     * meta-initialisation θ* of {@link MetaInitialisation}), with the same LoRA configuration.
     */
    public static LoraAdapter update(LoraAdapter initialisation, ProjectionSpec spec, double[] w) {
        if (!spec.lora().equals(initialisation.spec())) {
            throw new IllegalArgumentException("the projection is for LoRA " + spec.lora() + ", the adapter is "
                    + initialisation.spec());
        }
        RademacherProjection projection = RademacherProjection.of(spec);
        int maxDim = projection.outputDim();
        int d = w.length;
        if (d < 1 || d > maxDim) {
            throw new IllegalArgumentException("w has " + d + " coordinates, the projection " + maxDim);
        }
        double scale = Math.sqrt((double) maxDim / d);
        float[] theta = initialisation.parameters();
        if (theta.length != projection.inputDim()) {
            throw new IllegalArgumentException("the adapter has " + theta.length + " parameters, the projection "
                    + projection.inputDim() + " rows");
        }
        int blockRows = RademacherProjection.BLOCK_ROWS;
        float[] block = new float[blockRows * maxDim];
        for (long first = 0; first < theta.length; first += blockRows) {
            int rows = (int) Math.min(blockRows, theta.length - first);
            projection.fillRows(first, rows, block);
            for (int r = 0; r < rows; r++) {
                double delta = 0;
                int base = r * maxDim;
                for (int c = 0; c < d; c++) {
                    delta += block[base + c] * w[c];
                }
                int i = (int) first + r;
                theta[i] = (float) (theta[i] + delta * scale);
            }
        }
        return initialisation.withParameters(theta);
    }

    /** θ − θ0 of two adapters of one layout, in the flat order (for diagnostics: ‖P·w‖, the real step). */
    public static double[] step(LoraAdapter from, LoraAdapter to) {
        float[] a = from.parameters();
        float[] b = to.parameters();
        if (a.length != b.length) {
            throw new IllegalArgumentException("adapters of " + a.length + " and " + b.length + " parameters");
        }
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (double) b[i] - a[i];
        }
        return out;
    }
}
