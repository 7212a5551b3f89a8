package org.affinityensemble.grouping;

/**
 * Settings of {@link GroupingPlanner}.
 *
 * @param countRule how m is chosen when it is not fixed
 * @param seed      seed of the k-means restarts in rounding; equal inputs and seed give equal groupings
 * @param sdp       solver settings
 */
public record PlannerSettings(GroupCountRule countRule, long seed, SdpSettings sdp) {

    public PlannerSettings {
        if (countRule == null || sdp == null) {
            throw new IllegalArgumentException("the count rule and solver settings are required");
        }
    }

    /** The linear trace-penalty rule with price μ per group ({@link GroupCountRule.TracePenalty}). */
    public PlannerSettings(double groupPenalty, long seed, SdpSettings sdp) {
        this(new GroupCountRule.TracePenalty(groupPenalty), seed, sdp);
    }

    /** The noise-calibrated rule with z = 2, seed 42, default solver settings. */
    public static PlannerSettings defaults() {
        return new PlannerSettings(GroupCountRule.defaults(), 42L, SdpSettings.defaults());
    }
}
