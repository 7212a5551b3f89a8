package org.affinityensemble.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.affinityensemble.affinity.GradientSource;
import org.affinityensemble.affinity.SubsetEstimate;
import org.affinityensemble.affinity.SubsetEstimator;
import org.affinityensemble.affinity.SurrogateSubsetEstimator;
import org.affinityensemble.affinity.TaskSubset;

/**
 * The surrogate's side: one of the affinity service's subset estimators (the ridge, {@link SurrogateSubsetEstimator}:
 * logistic regression with offset f0 on the subset's projected training gradients, read out on each task's
 * validation gradients; or the trajectory) over a list of subsets, on a pool of threads as the service runs it,
 * timed.
 */
public final class SurrogateRun {

    private SurrogateRun() {
    }

    /** The estimates of every subset, in list order, and the wall-clock seconds they took together. */
    public record Result(List<SubsetEstimate> estimates, double seconds) {

        public Result {
            estimates = List.copyOf(estimates);
        }

        /** The estimated validation loss of {@code taskId} when fine-tuned within subset {@code index}. */
        public double loss(int index, String taskId) {
            return estimates.get(index).estimates().get(taskId).loss();
        }
    }

    /** The ridge surrogate of weight {@code lambda}. */
    public static Result estimate(List<TaskSubset> subsets, GradientSource source, double lambda, int threads) {
        return estimate(subsets, source, new SurrogateSubsetEstimator(lambda), threads);
    }

    public static Result estimate(List<TaskSubset> subsets, GradientSource source, SubsetEstimator estimator,
            int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long started = System.nanoTime();
        try {
            List<Future<SubsetEstimate>> futures = new ArrayList<>();
            for (TaskSubset subset : subsets) {
                futures.add(pool.submit(() -> estimator.estimate(subset, source)));
            }
            List<SubsetEstimate> estimates = new ArrayList<>();
            for (Future<SubsetEstimate> future : futures) {
                estimates.add(future.get());
            }
            return new Result(estimates, (System.nanoTime() - started) / 1e9);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while estimating subsets", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("surrogate estimate failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
