package org.affinityensemble.affinity;

import java.util.Objects;

/**
 * One example's input to the linearised surrogate: its task, its sample id (which fixes a canonical order, so
 * results do not depend on the order in which gradients arrived), whether it belongs to the validation split
 * (otherwise training), f0 = h(x) = log(p/(1-p)) of the correct label at the LoRA initialisation, and the
 * projected gradient g̃ of h with respect to the LoRA parameters.
 *
 * <p>The surrogate predicts h after fine-tuning as f0 + g̃ᵀw, so the correct class is always the positive
 * "label" of the logistic regression and log(1+exp(-(f0+g̃ᵀw))) is the cross-entropy of the correct class.
 */
public record TaskExample(String taskId, String sampleId, boolean validation, double f0, float[] g) {

    public TaskExample {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(sampleId, "sampleId");
        Objects.requireNonNull(g, "g");
        if (!Double.isFinite(f0)) {
            throw new IllegalArgumentException("f0 of " + taskId + "/" + sampleId + " is not finite: " + f0);
        }
        for (float value : g) {
            if (!Float.isFinite(value)) {
                throw new IllegalArgumentException("gradient of " + taskId + "/" + sampleId + " is not finite");
            }
        }
    }
}
