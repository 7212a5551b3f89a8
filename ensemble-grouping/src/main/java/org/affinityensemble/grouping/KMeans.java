package org.affinityensemble.grouping;

import java.util.Random;

/**
 * Lloyd's k-means with k-means++ seeding, best of several seeded restarts by within-cluster sum of squares.
 * Deterministic for a given seed. Used to round SDP solutions (rows of X) and by {@link SpectralClustering}.
 */
public final class KMeans {

    private final long seed;
    private final int restarts;
    private final int maxIterations;

    public KMeans(long seed, int restarts, int maxIterations) {
        if (restarts < 1 || maxIterations < 1) {
            throw new IllegalArgumentException("restarts and maxIterations must be positive");
        }
        this.seed = seed;
        this.restarts = restarts;
        this.maxIterations = maxIterations;
    }

    /** Ten restarts of at most 300 Lloyd iterations each. */
    public KMeans(long seed) {
        this(seed, 10, 300);
    }

    /**
     * Clusters the rows of {@code points} into k clusters.
     *
     * @return a label in 0..k−1 per point; every label is used
     */
    public int[] cluster(double[][] points, int k) {
        if (k < 1 || k > points.length) {
            throw new IllegalArgumentException("k must be in 1.." + points.length + ", got " + k);
        }
        Random random = new Random(seed);
        int[] best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        for (int r = 0; r < restarts; r++) {
            int[] labels = lloyd(points, seeds(points, k, random));
            double cost = cost(points, labels, k);
            if (cost < bestCost - 1e-12) {
                bestCost = cost;
                best = labels;
            }
        }
        return best;
    }

    /** k-means++: the first centre uniformly, each next one with probability proportional to D². */
    private static double[][] seeds(double[][] points, int k, Random random) {
        int n = points.length;
        double[][] centres = new double[k][];
        centres[0] = points[random.nextInt(n)].clone();
        double[] distance = new double[n];
        for (int i = 0; i < n; i++) {
            distance[i] = squaredDistance(points[i], centres[0]);
        }
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (double d : distance) {
                total += d;
            }
            int chosen = farthest(distance);
            if (total > 0) {
                double target = random.nextDouble() * total;
                for (int i = 0; i < n; i++) {
                    target -= distance[i];
                    if (target <= 0 && distance[i] > 0) {
                        chosen = i;
                        break;
                    }
                }
            }
            centres[c] = points[chosen].clone();
            for (int i = 0; i < n; i++) {
                distance[i] = Math.min(distance[i], squaredDistance(points[i], centres[c]));
            }
        }
        return centres;
    }

    private int[] lloyd(double[][] points, double[][] centres) {
        int n = points.length;
        int k = centres.length;
        int[] labels = new int[n];
        java.util.Arrays.fill(labels, -1);
        for (int iteration = 0; iteration < maxIterations; iteration++) {
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                int nearest = nearest(points[i], centres);
                if (nearest != labels[i]) {
                    labels[i] = nearest;
                    changed = true;
                }
            }
            refillEmptyClusters(points, centres, labels);
            if (!changed) {
                break;
            }
            updateCentres(points, labels, centres);
        }
        return labels;
    }

    /** Gives every empty cluster the point farthest from its own centre, so that k labels are used. */
    private static void refillEmptyClusters(double[][] points, double[][] centres, int[] labels) {
        int k = centres.length;
        for (int c = 0; c < k; c++) {
            int[] sizes = new int[k];
            for (int label : labels) {
                sizes[label]++;
            }
            if (sizes[c] > 0) {
                continue;
            }
            double[] distance = new double[points.length];
            for (int i = 0; i < points.length; i++) {
                distance[i] = sizes[labels[i]] > 1 ? squaredDistance(points[i], centres[labels[i]]) : -1;
            }
            int moved = farthest(distance);
            labels[moved] = c;
            centres[c] = points[moved].clone();
        }
    }

    private static void updateCentres(double[][] points, int[] labels, double[][] centres) {
        int dimension = points[0].length;
        int[] sizes = new int[centres.length];
        for (double[] centre : centres) {
            java.util.Arrays.fill(centre, 0.0);
        }
        for (int i = 0; i < points.length; i++) {
            sizes[labels[i]]++;
            for (int d = 0; d < dimension; d++) {
                centres[labels[i]][d] += points[i][d];
            }
        }
        for (int c = 0; c < centres.length; c++) {
            for (int d = 0; d < dimension; d++) {
                centres[c][d] /= sizes[c];
            }
        }
    }

    private static double cost(double[][] points, int[] labels, int k) {
        double[][] centres = new double[k][points[0].length];
        updateCentres(points, labels, centres);
        double total = 0;
        for (int i = 0; i < points.length; i++) {
            total += squaredDistance(points[i], centres[labels[i]]);
        }
        return total;
    }

    private static int nearest(double[] point, double[][] centres) {
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int c = 0; c < centres.length; c++) {
            double d = squaredDistance(point, centres[c]);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best;
    }

    private static int farthest(double[] distance) {
        int best = 0;
        for (int i = 1; i < distance.length; i++) {
            if (distance[i] > distance[best]) {
                best = i;
            }
        }
        return best;
    }

    static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) {
            double diff = a[d] - b[d];
            s += diff * diff;
        }
        return s;
    }
}
