package org.affinityensemble.affinity;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Step 2 of the method end to end: choose task subsets ({@link SubsetSampler}), estimate each with the
 * surrogate ({@link SubsetEstimator}), and average the estimates into the affinity matrix
 * ({@link AffinityMatrix}). {@link #update} is incremental: only subsets holding a newly arrived task are
 * estimated; earlier estimates are reused as they are.
 *
 * <p>Subsets are estimated on {@code threads} threads (the source must then allow concurrent reads); results
 * are kept in plan order, so the matrix is the same for any thread count.
 */
public final class AffinityEstimator {

    private final SubsetSampler sampler;
    private final SubsetEstimator estimator;
    private final AffinityMetric metric;
    private final int threads;

    public AffinityEstimator(SubsetSampler sampler, SubsetEstimator estimator, AffinityMetric metric, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive");
        }
        this.sampler = sampler;
        this.estimator = estimator;
        this.metric = metric;
        this.threads = threads;
    }

    /**
     * Default sampling with {@code seed}, the surrogate with λ = {@link SurrogateSolver#DEFAULT_LAMBDA}, the
     * negative-loss metric, one thread.
     */
    public static AffinityEstimator withDefaults(long seed) {
        return new AffinityEstimator(new SubsetSampler(SamplingPolicy.defaults(seed)),
                new SurrogateSubsetEstimator(SurrogateSolver.DEFAULT_LAMBDA), AffinityMetric.NEGATIVE_LOSS, 1);
    }

    /** The affinity matrix of {@code tasks} from scratch. */
    public AffinityResult estimate(List<String> tasks, GradientSource source) {
        return update(tasks, List.of(), source);
    }

    /**
     * The affinity matrix of {@code tasks} given the estimates of an earlier result: only the subsets that
     * {@link SubsetSampler#extend} adds for tasks missing from them are estimated. Tasks are only added over
     * time; estimates of subsets holding tasks no longer listed still count for the listed tasks they hold.
     */
    public AffinityResult update(List<String> tasks, List<SubsetEstimate> existing, GradientSource source) {
        List<TaskSubset> toEstimate = sampler.extend(existing.stream().map(SubsetEstimate::subset).toList(), tasks);
        List<SubsetEstimate> added = estimateAll(toEstimate, source);
        List<SubsetEstimate> all = new ArrayList<>(existing);
        all.addAll(added);
        return new AffinityResult(tasks, AffinityMatrix.compute(tasks, all, metric), metric, all, added);
    }

    private List<SubsetEstimate> estimateAll(List<TaskSubset> subsets, GradientSource source) {
        if (threads == 1 || subsets.size() < 2) {
            return subsets.stream().map(subset -> estimator.estimate(subset, source)).toList();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, subsets.size()));
        try {
            List<Future<SubsetEstimate>> futures = subsets.stream()
                    .map(subset -> pool.submit(() -> estimator.estimate(subset, source))).toList();
            List<SubsetEstimate> estimates = new ArrayList<>();
            for (Future<SubsetEstimate> future : futures) {
                estimates.add(future.get());
            }
            return estimates;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while estimating subsets", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("subset estimation failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
