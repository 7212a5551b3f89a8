package org.affinityensemble.affinity;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Fits the linearised surrogate of fine-tuning on a subset of tasks: L2-regularised logistic regression on the
 * projected gradients of the subset's training examples with offset f0,
 * <pre>  min_w F(w) = (1/N) Σ_x log(1 + exp(-(f0(x) + g̃(x)ᵀw))) + λ‖w‖²,</pre>
 * by Newton's method from w = 0: the Hessian is accumulated block by block from the streamed examples, the
 * Newton system is solved by Cholesky (EJML; a diagonal shift is added only if the factorisation fails
 * numerically), and a backtracking Armijo line search over step sizes 1, ½, ¼, … evaluated in one pass keeps
 * every step a descent step until the predicted decrease falls to rounding level, where full steps are taken.
 * It stops when ‖∇F‖ ≤ tolerance · max(1, ‖∇F(0)‖), or when a full step no longer reduces ‖∇F‖ (the
 * precision floor, far below any useful tolerance).
 *
 * <p>Stateless and thread-safe: every call keeps its own buffers (O(d² + blockRows·d) doubles).
 */
public final class SurrogateSolver {

    /** Default ridge weight λ (the method's range is 1e-3 to 1e-2). */
    public static final double DEFAULT_LAMBDA = 5e-3;
    /** Default number of examples per dense block. */
    public static final int DEFAULT_BLOCK_ROWS = 512;
    /** Default relative tolerance on the gradient norm. */
    public static final double DEFAULT_TOLERANCE = 1e-10;
    /** Default cap on Newton steps (convergence takes about 5 to 15). */
    public static final int DEFAULT_MAX_ITERATIONS = 100;

    private static final double ARMIJO_SLOPE = 1e-4;
    /** Relative decrease of F below which its floating-point evaluation cannot tell steps apart. */
    private static final double ROUNDING_LEVEL = 1e-12;
    private static final double[] STEP_SIZES = halvings(30);

    private final int blockRows;
    private final double tolerance;
    private final int maxIterations;

    public SurrogateSolver() {
        this(DEFAULT_BLOCK_ROWS, DEFAULT_TOLERANCE, DEFAULT_MAX_ITERATIONS);
    }

    public SurrogateSolver(int blockRows, double tolerance, int maxIterations) {
        if (blockRows < 1 || !(tolerance > 0) || maxIterations < 1) {
            throw new IllegalArgumentException("blockRows, tolerance and maxIterations must be positive");
        }
        this.blockRows = blockRows;
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
    }

    /**
     * Minimises F over the training examples of {@code tasks} read from {@code source}.
     *
     * @param lambda the ridge weight λ, positive (it is what makes the minimiser exist on separable data)
     * @return the minimiser; with no training examples at all, w = 0
     */
    public Fit fit(List<String> tasks, GradientSource source, double lambda) {
        if (!(lambda > 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("lambda must be positive and finite: " + lambda);
        }
        LogisticPasses passes = new LogisticPasses(List.copyOf(tasks), source, blockRows);
        int d = source.dimension();
        DMatrixRMaj w = new DMatrixRMaj(d, 1);
        LogisticPasses.ValueAndGradient current = passes.valueAndGradient(w, lambda);
        double threshold = tolerance * Math.max(1, NormOps_DDRM.normF(current.gradient()));
        int iterations = 0;
        while (iterations < maxIterations && NormOps_DDRM.normF(current.gradient()) > threshold) {
            DMatrixRMaj step = newtonStep(passes.hessian(w, lambda), current.gradient());
            boolean atRoundingLevel = predictedDecreaseAtRoundingLevel(current, step, w, lambda);
            double stepSize = atRoundingLevel ? 1 : armijoStepSize(passes, w, step, current, lambda);
            if (stepSize == 0) {
                break;
            }
            DMatrixRMaj next = w.copy();
            CommonOps_DDRM.addEquals(next, stepSize, step);
            LogisticPasses.ValueAndGradient nextState = passes.valueAndGradient(next, lambda);
            if (atRoundingLevel
                    && NormOps_DDRM.normF(nextState.gradient()) >= NormOps_DDRM.normF(current.gradient())) {
                break;
            }
            w = next;
            current = nextState;
            iterations++;
        }
        return new Fit(w.data.clone(), iterations, NormOps_DDRM.normF(current.gradient()),
                objective(current.lossSum(), current.examples(), w, lambda), current.examples());
    }

    /** Solves H·step = -∇ by Cholesky, shifting the diagonal only if H is numerically not positive definite. */
    private static DMatrixRMaj newtonStep(DMatrixRMaj hessian, DMatrixRMaj gradient) {
        int d = hessian.numRows;
        LinearSolverDense<DMatrixRMaj> cholesky = LinearSolverFactory_DDRM.chol(d);
        double largestDiagonal = CommonOps_DDRM.elementMax(CommonOps_DDRM.extractDiag(hessian, null));
        double shift = 0;
        DMatrixRMaj shifted = hessian.copy();
        while (!cholesky.setA(shifted)) {
            shift = shift == 0 ? 1e-12 * largestDiagonal : shift * 10;
            if (shift > largestDiagonal) {
                throw new IllegalStateException("Newton system is not positive definite even with a shift");
            }
            shifted = hessian.copy();
            for (int i = 0; i < d; i++) {
                shifted.add(i, i, shift);
            }
        }
        DMatrixRMaj negativeGradient = gradient.copy();
        CommonOps_DDRM.scale(-1, negativeGradient);
        DMatrixRMaj step = new DMatrixRMaj(d, 1);
        cholesky.solve(negativeGradient, step);
        return step;
    }

    /**
     * Whether the decrease the Newton step predicts, -∇ᵀstep, is below what F can resolve in floating point. A
     * line search is then decided by rounding noise (it accepts tiny steps that make no progress), while the full
     * step is exactly what Newton's method wants there: it is taken, and the fit stops when it no longer
     * reduces the gradient (the precision floor).
     */
    private static boolean predictedDecreaseAtRoundingLevel(LogisticPasses.ValueAndGradient current,
            DMatrixRMaj step, DMatrixRMaj w, double lambda) {
        double slope = CommonOps_DDRM.dot(current.gradient(), step);
        double value = objective(current.lossSum(), current.examples(), w, lambda);
        return -slope <= ROUNDING_LEVEL * Math.max(1, Math.abs(value));
    }

    /** The largest t in {1, ½, ¼, …} with F(w + t·step) ≤ F(w) + 1e-4·t·∇ᵀstep, or 0 if there is none. */
    private static double armijoStepSize(LogisticPasses passes, DMatrixRMaj w, DMatrixRMaj step,
            LogisticPasses.ValueAndGradient current, double lambda) {
        double slope = CommonOps_DDRM.dot(current.gradient(), step);
        double value = objective(current.lossSum(), current.examples(), w, lambda);
        double[] lossSums = passes.lossSumsAlong(w, step, STEP_SIZES);
        for (int k = 0; k < STEP_SIZES.length; k++) {
            DMatrixRMaj candidate = w.copy();
            CommonOps_DDRM.addEquals(candidate, STEP_SIZES[k], step);
            double candidateValue = objective(lossSums[k], current.examples(), candidate, lambda);
            if (candidateValue <= value + ARMIJO_SLOPE * STEP_SIZES[k] * slope) {
                return STEP_SIZES[k];
            }
        }
        return 0;
    }

    private static double objective(double lossSum, long examples, DMatrixRMaj w, double lambda) {
        double dataTerm = examples == 0 ? 0 : lossSum / examples;
        return dataTerm + lambda * CommonOps_DDRM.dot(w, w);
    }

    private static double[] halvings(int count) {
        double[] steps = new double[count];
        for (int k = 0; k < count; k++) {
            steps[k] = Math.scalb(1.0, -k);
        }
        return steps;
    }
}
