package org.affinityensemble.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.affinityensemble.affinity.SamplingPolicy;
import org.affinityensemble.affinity.SubsetSampler;

/**
 * The whole cost of an affinity matrix against the real thing (issue #20): fine-tuning every subset the affinity
 * service evaluates, over computing every example's gradients once plus every subset's estimate. Measured on
 * the benchmark's n_b tasks and subsets of k_b tasks, then carried to n tasks and the service's S(n) subsets of
 * k(n) = ⌈0.3·n⌉ tasks ({@link SamplingPolicy#defaults}, {@link SubsetSampler#plan}) by three per-task rates:
 * a = fine-tuning seconds per task of a subset (a subset's training and validation scale with its examples),
 * g = gradient seconds per task, e = estimate seconds per task of a subset. Then
 * <pre>speedup(n) = S(n)·k(n)·a / (n·g + S(n)·k(n)·e)</pre>
 * which tends to S·0.3·a / (g + S·0.3·e) as n grows with S fixed at 50 (the pair coverage needs fewer).
 *
 * @param tasks                   n_b, the benchmark's tasks
 * @param subsetSize              k_b, tasks per evaluated subset
 * @param evaluatedSubsets        the subsets fine-tuned for real
 * @param finetuneSeconds         their real fine-tuning (training and validation losses), all together
 * @param gradientSeconds         the gradients of every example of the n_b tasks, once
 * @param estimateSeconds         the service's estimator on the same evaluated subsets, all together
 */
public record EndToEndCost(int tasks, int subsetSize, int evaluatedSubsets, double finetuneSeconds,
        double gradientSeconds, double estimateSeconds) {

    /** The task counts the growth lines are given at, besides the benchmark's own. */
    static final int[] GROWTH = {10, 20, 50, 100};

    public EndToEndCost {
        if (tasks < 2 || subsetSize < 1 || evaluatedSubsets < 1 || !(finetuneSeconds > 0) || !(gradientSeconds > 0)
                || !(estimateSeconds >= 0)) {
            throw new IllegalArgumentException("end-to-end cost needs positive counts and times");
        }
    }

    /** a: real fine-tuning seconds per task of a subset. */
    public double finetunePerTask() {
        return finetuneSeconds / evaluatedSubsets / subsetSize;
    }

    /** g: gradient seconds per task. */
    public double gradientPerTask() {
        return gradientSeconds / tasks;
    }

    /** e: estimate seconds per task of a subset. */
    public double estimatePerTask() {
        return estimateSeconds / evaluatedSubsets / subsetSize;
    }

    /** The subsets the affinity service evaluates for n tasks from scratch (its default sampling policy). */
    public static int serviceSubsets(int n) {
        List<String> ids = IntStream.range(0, n).mapToObj(i -> String.format(Locale.ROOT, "t%03d", i)).toList();
        return new SubsetSampler(SamplingPolicy.defaults(7)).plan(ids).size();
    }

    /** The service's subset size for n tasks, ⌈0.3·n⌉. */
    public static int serviceSubsetSize(int n) {
        return SamplingPolicy.defaults(7).subsetSize(n);
    }

    /** Seconds of fine-tuning {@code subsets} subsets of {@code k} tasks for real. */
    public double finetuneSeconds(int subsets, int k) {
        return subsets * k * finetunePerTask();
    }

    /** Seconds of the affinity side for n tasks: the gradients of all n once, then {@code subsets} estimates. */
    public double affinitySeconds(int n, int subsets, int k) {
        return n * gradientPerTask() + subsets * k * estimatePerTask();
    }

    /** Fine-tuning over gradients plus estimates, for n tasks at the service's subset count and size. */
    public double speedup(int n) {
        int subsets = serviceSubsets(n);
        int k = serviceSubsetSize(n);
        return finetuneSeconds(subsets, k) / affinitySeconds(n, subsets, k);
    }

    /**
     * The limit of {@link #speedup} as n grows with every pair covered exactly c times: the service's S(n)·k(n)
     * tends to s·n with s = max(50·0.3, c/0.3) (S(n) ≥ c·n(n−1)/(k(k−1)) subsets cover every pair c times, k ≈ 0.3n).
     * A lower bound: the sampler's greedy plan covers some pairs more often.
     */
    public double asymptoticSpeedup() {
        double s = asymptoticTasksPerSubsetAndTask();
        return s * finetunePerTask() / (gradientPerTask() + s * estimatePerTask());
    }

    /** s of {@link #asymptoticSpeedup}: tasks fine-tuned per task of the set, summed over the service's subsets. */
    static double asymptoticTasksPerSubsetAndTask() {
        double f = SamplingPolicy.DEFAULT_SIZE_FRACTION;
        return Math.max(SamplingPolicy.DEFAULT_SUBSET_COUNT * f, SamplingPolicy.DEFAULT_MIN_PAIR_COVERAGE / f);
    }

    /** The report lines: the speed-up at the benchmark's tasks, how it was extrapolated, and how it grows. */
    public List<String> lines(String estimator) {
        int subsets = serviceSubsets(tasks);
        int k = serviceSubsetSize(tasks);
        List<String> lines = new ArrayList<>();
        lines.add(format("end_to_end_speedup=%.1f", speedup(tasks)));
        lines.add(format("end_to_end_subsets=%d", subsets));
        lines.add(format("end_to_end_finetune_seconds=%.1f", finetuneSeconds(subsets, k)));
        lines.add(format("end_to_end_affinity_seconds=%.1f", affinitySeconds(tasks, subsets, k)));
        for (int n : GROWTH) {
            lines.add(format("end_to_end_speedup_n%d=%.1f", n, speedup(n)));
        }
        lines.add(format("end_to_end_speedup_limit=%.1f", asymptoticSpeedup()));
        lines.add(format("# end_to_end_speedup = real fine-tuning of the %d subsets of %d of the %d tasks the affinity"
                + " service evaluates (its default sampling) over the gradients of every example once plus the %s"
                + " estimate of each subset. The fine-tuning side is extrapolated from the %d subsets fine-tuned here:"
                + " %.1f s for %d subsets of %d tasks = a = %.3f s per task of a subset; g = %.1f s / %d tasks = %.3f s"
                + " of gradients per task; e = %.4f s of estimate per task of a subset", subsets, k, tasks, estimator,
                evaluatedSubsets, finetuneSeconds, evaluatedSubsets, subsetSize, finetunePerTask(), gradientSeconds,
                tasks, gradientPerTask(), estimatePerTask()));
        lines.add(format("# growth with n tasks: speedup(n) = S(n)*k(n)*a / (n*g + S(n)*k(n)*e), S(n) = the service's"
                + " subset count (at least %d, more until every pair shares %d subsets where that many exist),"
                + " k(n) = ceil(0.3n); _limit = s*a / (g + s*e), s = %.1f, its value as n grows with every pair covered"
                + " exactly that often (both sides then grow linearly in n; the sampler's plan is a little larger)",
                SamplingPolicy.DEFAULT_SUBSET_COUNT, SamplingPolicy.DEFAULT_MIN_PAIR_COVERAGE,
                asymptoticTasksPerSubsetAndTask()));
        return lines;
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
