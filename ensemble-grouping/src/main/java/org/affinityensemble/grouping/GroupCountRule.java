package org.affinityensemble.grouping;

/**
 * How {@link GroupingPlanner} chooses the number of groups m when configuration does not fix it (docs/adr/0031).
 * Both rules solve the SDP with the trace penalty instead of a trace constraint, then round and refine by local
 * search on the rule's score.
 */
public sealed interface GroupCountRule {

    /**
     * The linear trace penalty: maximise f(P) − μ·|P| (the SDP's ⟨T,X⟩ − μ·tr X). With the zero-diagonal matrix,
     * two tasks pair up exactly when their affinity exceeds −μ.
     */
    record TracePenalty(double mu) implements GroupCountRule {
        public TracePenalty {
            requireFinite(mu, "mu");
        }
    }

    /**
     * The default: maximise f(P) − Σ_{|g|≥2} z·√(2·Q_g)/|g|, Q_g the summed noise variances of the group's pairs
     * estimated per task by {@link NoiseScale}: a group forms only if its value beats its own noise by z standard
     * deviations ({@link GroupPenalty.NoiseCalibrated}). The SDP is solved with μ = 0 to supply the candidates.
     * Matrices of at most {@code pooledUpTo} tasks use one pooled noise scale ({@link NoiseScale}, ADR 0123).
     */
    record NoiseCalibrated(double z, int pooledUpTo) implements GroupCountRule {
        public NoiseCalibrated {
            requireFinite(z, "z");
            NoiseScale.requirePooledUpTo(pooledUpTo);
        }

        /** z with the pooled noise scale up to {@link NoiseScale#POOLED_UP_TO_TASKS} tasks. */
        public NoiseCalibrated(double z) {
            this(z, NoiseScale.POOLED_UP_TO_TASKS);
        }
    }

    /** z = 2. */
    static GroupCountRule defaults() {
        return new NoiseCalibrated(2.0);
    }

    private static void requireFinite(double value, String name) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, got " + value);
        }
    }
}
