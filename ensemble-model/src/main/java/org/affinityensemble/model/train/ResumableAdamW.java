package org.affinityensemble.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.affinityensemble.model.runtime.HostArrays;

/**
 * AdamW whose state can be saved and restored, so that a training run killed after an epoch resumes exactly where
 * it stopped. Each update is DJL's {@code AdamW} update, step for step: the same fused native kernel
 * ({@code adamUpdate}, decoupled weight decay) with the same arguments (learning rate, the bias-corrected rate
 * {@code lr·√(1−β₂ᵗ)/(1−β₁ᵗ)} with t the largest update count of any parameter, β₁ 0.9, β₂ 0.999, ε 1e-8, no
 * gradient rescaling or clipping). DJL keeps the moments and counts private; here they are {@link State}, in host
 * memory. {@code ResumableAdamWTest} checks that it gives bit-identical parameters to DJL's {@code AdamW}.
 */
public final class ResumableAdamW {

    static final float BETA1 = 0.9f;
    static final float BETA2 = 0.999f;
    static final float EPSILON = 1e-8f;

    /** The moments of every parameter key, its update count, and the optimiser's step t. */
    public record State(Map<String, float[]> means, Map<String, float[]> variances, Map<String, Integer> counts,
            int steps) {
    }

    private final NDManager manager;
    private final float learningRate;
    private final float weightDecay;
    private final Map<String, NDArray> means = new LinkedHashMap<>();
    private final Map<String, NDArray> variances = new LinkedHashMap<>();
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private int steps;

    /** Moments live in {@code manager} (the session's). */
    ResumableAdamW(NDManager manager, float learningRate, float weightDecay) {
        this.manager = manager;
        this.learningRate = learningRate;
        this.weightDecay = weightDecay;
    }

    void update(String key, NDArray weight, NDArray gradient) {
        int count = counts.merge(key, 1, Integer::sum);
        steps = Math.max(steps, count);
        double correction1 = 1.0 - Math.pow(BETA1, steps);
        double correction2 = 1.0 - Math.pow(BETA2, steps);
        float corrected = (float) (learningRate * Math.sqrt(correction2) / correction1);
        NDArray mean = means.computeIfAbsent(key, k -> moment(weight));
        NDArray variance = variances.computeIfAbsent(key, k -> moment(weight));
        weight.getNDArrayInternal().adamUpdate(new NDList(weight, gradient, mean, variance), new NDList(weight),
                learningRate, corrected, weightDecay, 1f, -1f, BETA1, BETA2, EPSILON, true, true);
    }

    private NDArray moment(NDArray weight) {
        NDArray zeros = weight.zerosLike();
        zeros.attach(manager);
        return zeros;
    }

    State state() {
        Map<String, float[]> m = new LinkedHashMap<>();
        Map<String, float[]> v = new LinkedHashMap<>();
        means.forEach((key, array) -> m.put(key, HostArrays.tensor(array).data()));
        variances.forEach((key, array) -> v.put(key, HostArrays.tensor(array).data()));
        return new State(m, v, new LinkedHashMap<>(counts), steps);
    }

    /** Continues from a saved state: the moments take the dtype and shape of the parameters they belong to. */
    void restore(State state, Map<String, NDArray> parametersByKey) {
        means.clear();
        variances.clear();
        counts.clear();
        state.counts().forEach(counts::put);
        steps = state.steps();
        state.means().forEach((key, values) -> means.put(key, like(parametersByKey, key, values)));
        state.variances().forEach((key, values) -> variances.put(key, like(parametersByKey, key, values)));
    }

    private NDArray like(Map<String, NDArray> parameters, String key, float[] values) {
        NDArray parameter = parameters.get(key);
        if (parameter == null) {
            throw new IllegalArgumentException("the checkpoint has optimiser state for an unknown parameter " + key);
        }
        Shape shape = parameter.getShape();
        if (shape.size() != values.length) {
            throw new IllegalArgumentException("the checkpoint's optimiser state for " + key + " has " + values.length
                    + " values, the parameter " + shape.size());
        }
        return HostArrays.create(manager, values, shape, parameter.getDataType());
    }
}
