package org.affinityensemble.model.lora;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.encoder.BertConfig;

/**
 * The values of one LoRA adapter as a flat vector in the canonical order of its {@link LoraLayout}. Immutable and
 * thread-safe (accessors return copies).
 *
 * <p>{@link #initialise} follows PEFT's default: B = 0, and A drawn like {@code kaiming_uniform_(a=√5)} on PEFT's
 * [rank, in] {@code lora_A.weight}, i.e. uniform on ±1/√in, here from {@code SplittableRandom(initSeed)} in the
 * canonical order, so the same spec gives the same adapter in every process.
 */
public final class LoraAdapter {

    private final LoraSpec spec;
    private final LoraLayout layout;
    private final float[] parameters;

    private LoraAdapter(LoraSpec spec, LoraLayout layout, float[] parameters) {
        if (parameters.length != layout.parameterCount()) {
            throw new IllegalArgumentException(parameters.length + " values for a layout of "
                    + layout.parameterCount() + " parameters");
        }
        this.spec = spec;
        this.layout = layout;
        this.parameters = parameters;
    }

    /** The adapter at initialisation: A random (seeded by {@code spec.initSeed()}), B zero. */
    public static LoraAdapter initialise(LoraSpec spec, BertConfig config) {
        return initialise(spec, LoraLayout.of(config, spec));
    }

    /**
     * The adapter at initialisation on any architecture's layout (which must be {@code spec}'s layout on that
     * model): A random (seeded by {@code spec.initSeed()}), B zero.
     */
    public static LoraAdapter initialise(LoraSpec spec, LoraLayout layout) {
        if (layout.rank() != spec.rank()) {
            throw new IllegalArgumentException("layout rank " + layout.rank() + " differs from spec rank " + spec.rank());
        }
        float[] values = new float[(int) layout.parameterCount()];
        SplittableRandom random = new SplittableRandom(spec.initSeed());
        for (int slot = 0; slot < layout.slots().size(); slot++) {
            double bound = 1.0 / Math.sqrt(layout.slots().get(slot).inDim());
            int start = (int) layout.aOffset(slot);
            for (int i = 0; i < layout.aSize(slot); i++) {
                values[start + i] = (float) random.nextDouble(-bound, bound);
            }
        }
        return new LoraAdapter(spec, layout, values);
    }

    /** An adapter with the given flat values (canonical order). */
    public static LoraAdapter of(LoraSpec spec, BertConfig config, float[] parameters) {
        return new LoraAdapter(spec, LoraLayout.of(config, spec), parameters.clone());
    }

    /** An adapter with the given flat values in the canonical order of any architecture's layout. */
    public static LoraAdapter of(LoraSpec spec, LoraLayout layout, float[] parameters) {
        if (layout.rank() != spec.rank()) {
            throw new IllegalArgumentException("layout rank " + layout.rank() + " differs from spec rank " + spec.rank());
        }
        return new LoraAdapter(spec, layout, parameters.clone());
    }

    /** An adapter of the same spec and layout with other values (canonical order). */
    public LoraAdapter withParameters(float[] newParameters) {
        return new LoraAdapter(spec, layout, newParameters.clone());
    }

    public LoraSpec spec() {
        return spec;
    }

    public LoraLayout layout() {
        return layout;
    }

    /** The update's factor alpha / rank. */
    public double scaling() {
        return spec.scaling();
    }

    /** A copy of the flat parameter vector. */
    public float[] parameters() {
        return parameters.clone();
    }

    /** A of slot {@code index}, [in, rank] row-major. */
    public float[] a(int index) {
        int start = (int) layout.aOffset(index);
        return Arrays.copyOfRange(parameters, start, start + layout.aSize(index));
    }

    /** B of slot {@code index}, [rank, out] row-major. */
    public float[] b(int index) {
        int start = (int) layout.bOffset(index);
        return Arrays.copyOfRange(parameters, start, start + layout.bSize(index));
    }
}
