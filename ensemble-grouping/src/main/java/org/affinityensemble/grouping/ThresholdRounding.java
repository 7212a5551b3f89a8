package org.affinityensemble.grouping;

import java.util.ArrayList;
import java.util.List;

/**
 * The rounding of the paper: for a partition matrix X_ij = 1/|g| inside a group and 0 across, so
 * X_ij / X_ii is 1 for group mates and 0 otherwise. Greedily, the unassigned task with the largest X_ii (the
 * most confident, tightest group) seeds a group with every unassigned j having X_ij ≥ τ·X_ii.
 */
public final class ThresholdRounding {

    private ThresholdRounding() {
    }

    /**
     * @param x   a solution of the SDP
     * @param tau the threshold in (0, 1]; 1/2 separates 1 from 0 with the widest margin
     * @return canonical groups covering every task
     */
    public static List<List<Integer>> round(double[][] x, double tau) {
        if (!(tau > 0 && tau <= 1)) {
            throw new IllegalArgumentException("the threshold must be in (0, 1], got " + tau);
        }
        int n = x.length;
        boolean[] assigned = new boolean[n];
        List<List<Integer>> groups = new ArrayList<>();
        for (int remaining = n; remaining > 0;) {
            int seed = -1;
            for (int i = 0; i < n; i++) {
                if (!assigned[i] && (seed < 0 || x[i][i] > x[seed][seed])) {
                    seed = i;
                }
            }
            List<Integer> group = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                if (!assigned[j] && (j == seed || x[seed][j] >= tau * x[seed][seed])) {
                    group.add(j);
                    assigned[j] = true;
                    remaining--;
                }
            }
            groups.add(group);
        }
        return Partitions.canonical(groups);
    }
}
