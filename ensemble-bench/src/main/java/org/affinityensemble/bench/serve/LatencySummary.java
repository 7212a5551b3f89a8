package org.affinityensemble.bench.serve;

import java.util.Arrays;

/** Throughput and latency percentiles of one timed run. */
public record LatencySummary(int requests, int texts, double seconds, double p50Millis, double p99Millis) {

    /** From each request's latency in nanoseconds and the run's wall time. */
    public static LatencySummary of(long[] latencyNanos, int textsPerRequest, long wallNanos) {
        long[] sorted = latencyNanos.clone();
        Arrays.sort(sorted);
        return new LatencySummary(sorted.length, sorted.length * textsPerRequest, wallNanos / 1e9,
                percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6);
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Texts per second. */
    public double throughput() {
        return texts / seconds;
    }
}
