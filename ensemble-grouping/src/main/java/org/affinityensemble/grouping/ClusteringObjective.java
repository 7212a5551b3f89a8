package org.affinityensemble.grouping;

import java.util.List;

/**
 * The clustering objective the SDP relaxes: f(P) = Σ_groups (1/|g|)·Σ_{i,j∈g} T_ij, which equals ⟨T,X_P⟩ for the
 * partition matrix X_P = Σ_g 1_g1_gᵀ/|g| (so tr X_P is the number of groups). The penalised form subtracts
 * μ per group, matching ⟨T,X⟩ − μ·tr X, or a size-dependent {@link GroupPenalty}.
 */
public final class ClusteringObjective {

    private ClusteringObjective() {
    }

    /** f(P) for the groups of task indices into t. */
    public static double value(double[][] t, List<List<Integer>> groups) {
        double total = 0;
        for (List<Integer> group : groups) {
            total += groupValue(t, group);
        }
        return total;
    }

    /** f(P) − μ·|P|. */
    public static double penalised(double[][] t, List<List<Integer>> groups, double mu) {
        return penalised(t, groups, GroupPenalty.perGroup(mu));
    }

    /** f(P) − Σ_g penalty(|g|). */
    public static double penalised(double[][] t, List<List<Integer>> groups, GroupPenalty penalty) {
        double total = 0;
        for (List<Integer> group : groups) {
            total += groupValue(t, group) - penalty.of(group);
        }
        return total;
    }

    /** (1/|g|)·Σ_{i,j∈g} T_ij for one nonempty group. */
    public static double groupValue(double[][] t, List<Integer> group) {
        double sum = 0;
        for (int i : group) {
            for (int j : group) {
                sum += t[i][j];
            }
        }
        return sum / group.size();
    }
}
