package org.affinityensemble.affinity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.RandomMatrices_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.junit.jupiter.api.Test;

/**
 * Prints the cost of the surrogate at the method's default sizes (d = 400): the two EJML kernels a Newton step
 * is made of, one subset of three tasks (fit and read-out) with several block sizes, 50 subsets over ten
 * tasks on one and two threads, and subset sampling for large task counts. Not part of the default test run
 * (the class name does not end in Test); run it with
 * {@code mvn -q test -Dtest=SurrogateBenchmark -Dsurefire.failIfNoSpecifiedTests=false}. It asserts nothing:
 * the figures are for the reader, measured side by side in one run.
 */
class SurrogateBenchmark {

    private static final int D = 400;
    private static final int TRAIN = 300;
    private static final int VALIDATION = 100;
    private static final int REPEATS = 7;

    @Test
    void printCosts() {
        Random random = new Random(2025);
        List<String> tasks = IntStream.range(0, 10).mapToObj(i -> "task" + i).toList();
        double[][] directions = {SyntheticGradients.unitVector(D, random), SyntheticGradients.unitVector(D, random)};
        List<TaskExample> examples = new ArrayList<>();
        for (int t = 0; t < tasks.size(); t++) {
            examples.addAll(SyntheticGradients.clusterTask(tasks.get(t), directions[t % 2], TRAIN, VALIDATION,
                    random));
        }
        GradientSource source = new InMemoryGradientSource(D, examples);
        TaskSubset subset = TaskSubset.of(tasks.subList(0, 3));
        System.out.printf("surrogate benchmark: d = %d, %d train + %d validation examples per task, %d cores%n", D,
                TRAIN, VALIDATION, Runtime.getRuntime().availableProcessors());

        DMatrixRMaj rows = RandomMatrices_DDRM.rectangle(3 * TRAIN, D, random);
        DMatrixRMaj product = new DMatrixRMaj(D, D);
        double[] innerMillis = timeMillis(() -> CommonOps_DDRM.multInner(rows, product));
        DMatrixRMaj system = product.copy();
        CommonOps_DDRM.addEquals(system, CommonOps_DDRM.identity(D));
        double[] choleskyMillis = timeMillis(() -> LinearSolverFactory_DDRM.chol(D).setA(system.copy()));
        System.out.printf("  kernels: Hessian product XᵀX of %dx%d (EJML multInner) %.0f ms,"
                + " Cholesky of %dx%d %.0f ms (medians)%n", 3 * TRAIN, D, median(innerMillis), D, D,
                median(choleskyMillis));

        for (int blockRows : new int[] {512, 128, 32}) {
            SubsetEstimator estimator = new SurrogateSubsetEstimator(new SurrogateSolver(blockRows, 1e-10, 100),
                    new Readout(blockRows), SurrogateSolver.DEFAULT_LAMBDA);
            SubsetEstimate[] last = new SubsetEstimate[1];
            double[] millis = timeMillis(() -> last[0] = estimator.estimate(subset, source));
            System.out.printf("  one subset of 3 tasks (%d train examples), blocks of %3d rows: median %.0f ms"
                    + " (min %.0f, max %.0f), %d Newton steps, |grad| %.1e%n", 3 * TRAIN, blockRows,
                    median(millis), millis[0], millis[millis.length - 1], last[0].iterations(),
                    last[0].gradientNorm());
        }

        for (int threads : new int[] {1, 2}) {
            AffinityEstimator estimator = new AffinityEstimator(new SubsetSampler(SamplingPolicy.defaults(1)),
                    new SurrogateSubsetEstimator(SurrogateSolver.DEFAULT_LAMBDA), AffinityMetric.NEGATIVE_LOSS,
                    threads);
            long start = System.nanoTime();
            AffinityResult result = estimator.estimate(tasks, source);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("  affinity matrix of 10 tasks: %d subsets of 3 on %d thread(s) in %.1f s"
                    + " (%.0f ms per subset), at most %d Newton steps, largest |grad| %.1e%n",
                    result.estimates().size(), threads, seconds, 1000 * seconds / result.estimates().size(),
                    result.estimates().stream().mapToInt(SubsetEstimate::iterations).max().orElseThrow(),
                    result.estimates().stream().mapToDouble(SubsetEstimate::gradientNorm).max().orElseThrow());
        }

        for (int n : new int[] {100, 300}) {
            List<String> many = IntStream.range(0, n).mapToObj(i -> "t" + i).toList();
            long start = System.nanoTime();
            List<TaskSubset> plan = new SubsetSampler(SamplingPolicy.defaults(1)).plan(many);
            System.out.printf("  sampling for %d tasks: %d subsets of %d, min pair coverage %d, in %.0f ms%n", n,
                    plan.size(), plan.get(0).size(), PairCoverage.of(many, plan).minimum(),
                    (System.nanoTime() - start) / 1e6);
        }
    }

    private static double[] timeMillis(Runnable action) {
        action.run();
        action.run();
        double[] millis = new double[REPEATS];
        for (int r = 0; r < REPEATS; r++) {
            long start = System.nanoTime();
            action.run();
            millis[r] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return millis;
    }

    private static double median(double[] sorted) {
        return sorted[sorted.length / 2];
    }
}
