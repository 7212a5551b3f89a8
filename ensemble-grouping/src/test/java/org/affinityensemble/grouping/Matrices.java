package org.affinityensemble.grouping;

import java.util.List;
import java.util.Random;

/** Test helpers: random symmetric matrices and partition matrices. */
final class Matrices {

    private Matrices() {
    }

    /** Symmetric, zero diagonal, standard normal entries. */
    static double[][] randomAffinity(int n, long seed) {
        Random random = new Random(seed);
        double[][] t = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                t[i][j] = random.nextGaussian();
                t[j][i] = t[i][j];
            }
        }
        return t;
    }

    /** X = Σ_g 1_g1_gᵀ/|g|. */
    static double[][] partitionMatrix(List<List<Integer>> groups, int n) {
        double[][] x = new double[n][n];
        for (List<Integer> group : groups) {
            for (int i : group) {
                for (int j : group) {
                    x[i][j] = 1.0 / group.size();
                }
            }
        }
        return x;
    }

    static double[] flat(double[][] a) {
        int n = a.length;
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, out, i * n, n);
        }
        return out;
    }

    static double maxAbsDifference(double[][] a, double[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return max;
    }
}
