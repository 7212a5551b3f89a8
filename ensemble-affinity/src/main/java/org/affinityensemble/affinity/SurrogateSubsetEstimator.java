package org.affinityensemble.affinity;

/**
 * The method's subset estimator: fit the linearised surrogate on the subset's training examples
 * ({@link SurrogateSolver}) and read out each task's validation loss and accuracy ({@link Readout}).
 * Thread-safe.
 */
public final class SurrogateSubsetEstimator implements SubsetEstimator {

    private final SurrogateSolver solver;
    private final Readout readout;
    private final double lambda;

    public SurrogateSubsetEstimator(double lambda) {
        this(new SurrogateSolver(), new Readout(), lambda);
    }

    public SurrogateSubsetEstimator(SurrogateSolver solver, Readout readout, double lambda) {
        if (!(lambda > 0)) {
            throw new IllegalArgumentException("lambda must be positive: " + lambda);
        }
        this.solver = solver;
        this.readout = readout;
        this.lambda = lambda;
    }

    @Override
    public SubsetEstimate estimate(TaskSubset subset, GradientSource source) {
        Fit fit = solver.fit(subset.tasks(), source, lambda);
        return new SubsetEstimate(subset, readout.evaluate(subset.tasks(), source, fit.w()), fit.iterations(),
                fit.gradientNorm());
    }
}
