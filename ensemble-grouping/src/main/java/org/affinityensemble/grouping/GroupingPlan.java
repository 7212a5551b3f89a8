package org.affinityensemble.grouping;

import java.util.List;

/**
 * A partition of the tasks chosen by {@link GroupingPlanner}. All figures refer to the affinity matrix as the
 * planner used it: symmetrised, diagonal set to zero.
 *
 * @param groups          groups of task ids, members in input order, groups ordered by their first member
 * @param objective       f(P) = Σ_g (1/|g|)·Σ_{i,j∈g} T_ij
 * @param score           what was maximised: f(P) with a fixed m, f(P) − Σ_g penalty(|g|) under a count rule
 * @param relaxationBound the SDP's certified upper bound on the relaxed quantity: max f over m-group partitions
 *                        (fixed m), max f − μ·|P| (trace penalty), max f over all partitions (noise-calibrated, solved
 *                        with μ = 0); so {@code relaxationBound − score} bounds how far from optimal the grouping is
 *                        for the first two
 * @param method          how the grouping was found, for the grouping event
 * @param relaxation      the SDP solution the grouping was rounded from
 */
public record GroupingPlan(List<List<String>> groups, double objective, double score, double relaxationBound,
        String method, SdpSolution relaxation) {

    public GroupingPlan {
        groups = groups.stream().map(List::copyOf).toList();
    }

    /** Number of groups. */
    public int groupCount() {
        return groups.size();
    }
}
