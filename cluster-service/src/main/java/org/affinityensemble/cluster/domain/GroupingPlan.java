package org.affinityensemble.cluster.domain;

import java.util.List;

/**
 * A partition of the tasks chosen by {@link GroupingPlanner}.
 *
 * @param groups     groups of task ids, members in input order, groups ordered by their first member
 * @param objective  Σ_g (1/|g|)·Σ_{i,j∈g} T_ij on the affinity matrix with its diagonal set to zero
 * @param score      what was maximised: {@code objective} with a fixed m, {@code objective − μ·groups} otherwise
 * @param scoreBound certified upper bound on the best achievable score (the SDP's dual bound); the grouping is
 *                   within {@code scoreBound − score} of optimal
 * @param method     how the grouping was found, for the grouping event (e.g. "sdp-penalty(mu=0.0)+rounding")
 * @param relaxation the SDP solution the grouping was rounded from
 */
public record GroupingPlan(List<List<String>> groups, double objective, double score, double scoreBound,
        String method, SdpSolution relaxation) {

    public GroupingPlan {
        groups = groups.stream().map(List::copyOf).toList();
    }

    /** Number of groups. */
    public int groupCount() {
        return groups.size();
    }
}
