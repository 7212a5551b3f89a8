package org.affinityensemble.grouping;

import java.util.List;

/**
 * What a partition pays per group when the number of groups is free: the score maximised is
 * f(P) − Σ_g penalty(g) with f from {@link ClusteringObjective}. A penalty may depend on the group's size and on
 * Q_g = Σ_{i≠j∈g} V_ij, the summed noise variances of its pairs, which lets local search update it incrementally.
 */
public sealed interface GroupPenalty {

    /** The price of a group of {@code size} tasks whose ordered pairs' noise variances sum to {@code q}. */
    double of(int size, double q);

    /** The pair noise variances V, or null when the penalty depends on the size only. */
    double[][] pairVariances();

    /** The price of one group of task indices. */
    default double of(List<Integer> group) {
        double[][] v = pairVariances();
        double q = 0;
        if (v != null) {
            for (int i : group) {
                for (int j : group) {
                    q += v[i][j];
                }
            }
        }
        return of(group.size(), q);
    }

    /** The SDP's trace penalty: μ per group whatever its size (⟨T,X⟩ − μ·tr X on partition matrices). */
    static GroupPenalty perGroup(double mu) {
        return new PerGroup(mu);
    }

    /** μ per group. */
    record PerGroup(double mu) implements GroupPenalty {
        @Override
        public double of(int size, double q) {
            return mu;
        }

        @Override
        public double[][] pairVariances() {
            return null;
        }
    }

    /**
     * The noise-calibrated price (docs/adr/0031): nothing for a singleton; z standard deviations of the group's
     * value under noise for a group of s ≥ 2. The value (1/s)·Σ_{i≠j∈g} T_ij of independent noisy entries has
     * variance 2·Q_g/s², so a group must beat its own noise by z standard deviations to be formed.
     *
     * @param z             how many standard deviations
     * @param pairVariances V_ij, the noise variance of T_ij (zero diagonal); see {@link NoiseScale}
     */
    record NoiseCalibrated(double z, double[][] pairVariances) implements GroupPenalty {
        @Override
        public double of(int size, double q) {
            return size < 2 ? 0.0 : z * Math.sqrt(2.0 * Math.max(q, 0.0)) / size;
        }
    }
}
