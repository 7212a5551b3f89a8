package org.affinityensemble.affinity;

import org.affinityensemble.events.StartAdapter;

/**
 * How a subset's fine-tuning is estimated: {@code RIDGE}, the method's L2-regularised logistic regression on the
 * projected gradients ({@link SurrogateSubsetEstimator}); {@code TRAJECTORY}, the trainer's own schedule run in
 * the projected coordinates ({@link TrajectorySubsetEstimator}, ADR 0045); or {@code AUTO}, the trajectory for
 * gradients taken at a start adapter with A frozen after it (where the update is linear in what is trained, ADR
 * 0047) and the ridge elsewhere.
 */
public enum EstimatorKind {
    AUTO, RIDGE, TRAJECTORY;

    /** This kind for gradients taken at {@code start} (null: the LoRA initialisation); an explicit kind stays. */
    public EstimatorKind resolve(StartAdapter start) {
        if (this != AUTO) {
            return this;
        }
        return start != null && start.frozenA() ? TRAJECTORY : RIDGE;
    }
}
