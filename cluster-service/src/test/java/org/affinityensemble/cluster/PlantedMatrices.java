package org.affinityensemble.cluster;

import java.util.List;

/** Affinity matrices with planted blocks for the service's tests. */
final class PlantedMatrices {

    private PlantedMatrices() {
    }

    /** z-scored-like affinities: +1 within a block (same first letter), -1 across, small deterministic noise. */
    static double[][] blocks(List<String> tasks) {
        int n = tasks.size();
        double[][] t = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    double noise = 0.1 * Math.sin(7 * i + 3 * j) * Math.sin(7 * j + 3 * i);
                    t[i][j] = (tasks.get(i).charAt(0) == tasks.get(j).charAt(0) ? 1 : -1) + noise;
                }
            }
        }
        return t;
    }
}
