package org.affinityensemble.model.lora;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
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
 *
 * <p>An adapter may also carry trained label embeddings of some tasks ({@link #labels}; issue #19): per task, one
 * vector per label, which the prototype classifier uses instead of the frozen label-name prototypes (it
 * L2-normalises them, so logits stay s·cos). They start at the prototypes, so an adapter without them, or with
 * them untrained, predicts exactly as the frozen classifier with its LoRA matrices. They are not part of the flat
 * LoRA vector (its layout and D are unchanged).
 */
public final class LoraAdapter {

    private final LoraSpec spec;
    private final LoraLayout layout;
    private final float[] parameters;
    private final Map<String, float[][]> labels;

    private LoraAdapter(LoraSpec spec, LoraLayout layout, float[] parameters) {
        this(spec, layout, parameters, Map.of());
    }

    private LoraAdapter(LoraSpec spec, LoraLayout layout, float[] parameters, Map<String, float[][]> labels) {
        if (parameters.length != layout.parameterCount()) {
            throw new IllegalArgumentException(parameters.length + " values for a layout of "
                    + layout.parameterCount() + " parameters");
        }
        this.spec = spec;
        this.layout = layout;
        this.parameters = parameters;
        this.labels = labels;
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
        return new LoraAdapter(spec, layout, newParameters.clone(), labels);
    }

    /**
     * The same adapter whose label embeddings of the given tasks are replaced (those of other tasks kept): per
     * task [labels][hidden], copied.
     */
    public LoraAdapter withLabels(Map<String, float[][]> taskLabels) {
        Map<String, float[][]> merged = new LinkedHashMap<>(labels);
        taskLabels.forEach((task, vectors) -> merged.put(task, copy(vectors)));
        return new LoraAdapter(spec, layout, parameters, Collections.unmodifiableMap(merged));
    }

    /** The tasks whose label embeddings this adapter carries. */
    public java.util.Set<String> labelledTasks() {
        return labels.keySet();
    }

    /** The trained label embeddings of a task, [labels][hidden] (a copy), or null when it carries none. */
    public float[][] labels(String taskId) {
        float[][] vectors = labels.get(taskId);
        return vectors == null ? null : copy(vectors);
    }

    private static float[][] copy(float[][] vectors) {
        float[][] out = new float[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            out[i] = vectors[i].clone();
        }
        return out;
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
