package org.affinityensemble.affinity;

/** Binomial coefficients saturating at {@link Long#MAX_VALUE}, for counting distinct subsets. */
final class Binomial {

    private Binomial() {
    }

    /** C(n, k), or Long.MAX_VALUE if it does not fit; 0 when k < 0 or k > n. */
    static long capped(int n, int k) {
        if (k < 0 || k > n) {
            return 0;
        }
        k = Math.min(k, n - k);
        long result = 1;
        for (int i = 1; i <= k; i++) {
            // result * (n - k + i) / i is exact at every step; guard the multiplication against overflow.
            long factor = n - k + i;
            if (result > Long.MAX_VALUE / factor) {
                return Long.MAX_VALUE;
            }
            result = result * factor / i;
        }
        return result;
    }
}
