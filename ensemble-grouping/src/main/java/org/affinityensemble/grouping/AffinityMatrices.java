package org.affinityensemble.grouping;

/**
 * Checks and normalises a task-affinity matrix before it is clustered. The clustering objective only sees
 * the symmetric part of T (⟨T,X⟩ with X symmetric), so matrices are symmetrised here once, and every
 * consumer works on a private copy.
 */
public final class AffinityMatrices {

    private AffinityMatrices() {
    }

    /**
     * Returns (T + Tᵀ)/2 as a fresh array.
     *
     * @throws IllegalArgumentException when T is empty, not square or holds a value that is not finite
     */
    public static double[][] symmetrised(double[][] t) {
        int n = requireSquareFinite(t);
        double[][] s = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                s[i][j] = 0.5 * (t[i][j] + t[j][i]);
            }
        }
        return s;
    }

    /** Returns a copy of T with its diagonal set to zero (see docs/adr/0031). */
    public static double[][] withZeroDiagonal(double[][] t) {
        int n = requireSquareFinite(t);
        double[][] s = new double[n][];
        for (int i = 0; i < n; i++) {
            s[i] = t[i].clone();
            s[i][i] = 0.0;
        }
        return s;
    }

    /**
     * Validates shape and values.
     *
     * @return the dimension n
     */
    public static int requireSquareFinite(double[][] t) {
        if (t == null || t.length == 0) {
            throw new IllegalArgumentException("the affinity matrix is empty");
        }
        int n = t.length;
        for (int i = 0; i < n; i++) {
            if (t[i] == null || t[i].length != n) {
                throw new IllegalArgumentException("the affinity matrix is not square: row " + i);
            }
            for (int j = 0; j < n; j++) {
                if (!Double.isFinite(t[i][j])) {
                    throw new IllegalArgumentException("the affinity matrix holds " + t[i][j] + " at (" + i
                            + "," + j + ")");
                }
            }
        }
        return n;
    }
}
