package org.affinityensemble.cluster.domain;

/**
 * Settings of {@link GroupingPlanner}.
 *
 * @param groupPenalty μ, the price of one more group when m is chosen automatically: with the zero-diagonal
 *                     affinity matrix, μ = 0 merges tasks whose mutual affinity is above the per-task average
 *                     (T is z-scored per task), μ &gt; 0 favours fewer groups, μ &lt; 0 more (docs/adr/0031)
 * @param seed         seed of the k-means restarts in rounding; equal inputs and seed give equal groupings
 * @param sdp          solver settings
 */
public record PlannerSettings(double groupPenalty, long seed, SdpSettings sdp) {

    public PlannerSettings {
        if (!Double.isFinite(groupPenalty) || sdp == null) {
            throw new IllegalArgumentException("invalid planner settings: groupPenalty=" + groupPenalty);
        }
    }

    /** μ = 0, seed 42, default solver settings. */
    public static PlannerSettings defaults() {
        return new PlannerSettings(0.0, 42L, SdpSettings.defaults());
    }
}
