package org.affinityensemble.grouping;

/**
 * Stopping rule and step-size settings of {@link SdpSolver}.
 *
 * @param tolerance     the solver stops once the relative primal residual, the relative dual residual and the
 *                      relative duality gap of its dual certificate are all at most this
 * @param maxIterations the solver stops here even if not converged ({@link SdpSolution#converged()} is false)
 * @param initialRho    the first ADMM penalty parameter (on the problem scaled to max |T_ij| = 1); adapted by
 *                      residual balancing afterwards
 */
public record SdpSettings(double tolerance, int maxIterations, double initialRho) {

    public SdpSettings {
        if (!(tolerance > 0) || maxIterations < 1 || !(initialRho > 0)) {
            throw new IllegalArgumentException("invalid SDP settings: tolerance=" + tolerance + " maxIterations="
                    + maxIterations + " initialRho=" + initialRho);
        }
    }

    /** Tolerance 1e-5, at most 20,000 iterations, ρ₀ = 1. */
    public static SdpSettings defaults() {
        return new SdpSettings(1e-5, 20_000, 1.0);
    }
}
