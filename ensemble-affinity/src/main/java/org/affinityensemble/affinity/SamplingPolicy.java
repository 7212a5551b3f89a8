package org.affinityensemble.affinity;

/**
 * How many task subsets to fit and how large: {@code subsetCount} subsets (default 50) of size
 * ⌈{@code sizeFraction}·n⌉ (default 0.3) or exactly {@code fixedSize} when that is positive, always clamped to
 * [2, n] because a subset of one task says nothing about pairs; every pair of tasks should share at least
 * {@code minPairCoverage} subsets (default 10, ADR 0125) where that many distinct subsets exist, more subsets being
 * sampled until it does; {@code seed} makes the sampling reproducible.
 *
 * <p>An entry T_ij is a mean over the subsets holding both i and j, so the coverage is its sample size. 50 subsets
 * of ⌈0.3n⌉ tasks cover a pair about 3 times at n = 10; a coverage of 10 needs all 120 triples there and, as n
 * grows, tends to 10/0.3² ≈ 111 subsets.
 */
public record SamplingPolicy(int subsetCount, double sizeFraction, int fixedSize, int minPairCoverage, long seed) {

    public static final int DEFAULT_SUBSET_COUNT = 50;
    public static final double DEFAULT_SIZE_FRACTION = 0.3;
    public static final int DEFAULT_MIN_PAIR_COVERAGE = 10;

    public SamplingPolicy {
        if (subsetCount < 1 || minPairCoverage < 1 || fixedSize < 0) {
            throw new IllegalArgumentException("subsetCount and minPairCoverage must be positive, fixedSize >= 0");
        }
        if (fixedSize == 0 && !(sizeFraction > 0 && sizeFraction <= 1)) {
            throw new IllegalArgumentException("sizeFraction must be in (0, 1]: " + sizeFraction);
        }
    }

    /** At least 50 subsets of ⌈0.3n⌉ tasks, every pair in at least 10 of them where that many exist. */
    public static SamplingPolicy defaults(long seed) {
        return new SamplingPolicy(DEFAULT_SUBSET_COUNT, DEFAULT_SIZE_FRACTION, 0, DEFAULT_MIN_PAIR_COVERAGE, seed);
    }

    public SamplingPolicy withSubsetCount(int count) {
        return new SamplingPolicy(count, sizeFraction, fixedSize, minPairCoverage, seed);
    }

    public SamplingPolicy withFixedSize(int size) {
        return new SamplingPolicy(subsetCount, sizeFraction, size, minPairCoverage, seed);
    }

    public SamplingPolicy withMinPairCoverage(int coverage) {
        return new SamplingPolicy(subsetCount, sizeFraction, fixedSize, coverage, seed);
    }

    /** The subset size k for n tasks (n ≥ 2): ⌈fraction·n⌉ or the fixed size, clamped to [2, n]. */
    public int subsetSize(int n) {
        int wanted = fixedSize > 0 ? fixedSize : (int) Math.ceil(sizeFraction * n - 1e-9);
        return Math.max(2, Math.min(n, wanted));
    }

    /**
     * The coverage every pair must reach with n tasks: min(minPairCoverage, C(n-2, k-2)), the second term being
     * the number of distinct size-k subsets that contain a given pair (with k = 2 one subset per pair is all
     * there is, and it is exact: no third task blurs it).
     */
    public int pairTarget(int n) {
        return (int) Math.min(minPairCoverage, Binomial.capped(n - 2, subsetSize(n) - 2));
    }
}
