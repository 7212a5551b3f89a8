package org.affinityensemble.datasets;

/**
 * Splits a whole number into parts proportional to weights (Hamilton's largest-remainder method), so that
 * every part is within one of its exact share. Ties in the remainder go to the part holding fewer so far,
 * then to the earlier part. With {@code atLeastOne}, every part of positive weight gets at least one where
 * the total allows it, taken from the largest part.
 */
final class LargestRemainder {

    private LargestRemainder() {
    }

    static int[] apportion(int total, double[] weights, boolean atLeastOne) {
        if (total < 0) {
            throw new IllegalArgumentException("total is negative: " + total);
        }
        double sum = 0;
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("weights must be finite and non-negative");
            }
            sum += w;
        }
        int[] parts = new int[weights.length];
        if (sum == 0 || total == 0) {
            return parts;
        }
        double[] remainders = new double[weights.length];
        int given = 0;
        for (int i = 0; i < weights.length; i++) {
            double exact = total * weights[i] / sum;
            parts[i] = (int) Math.floor(exact);
            remainders[i] = exact - parts[i];
            given += parts[i];
        }
        for (; given < total; given++) {
            int best = -1;
            for (int i = 0; i < weights.length; i++) {
                if (weights[i] > 0 && (best < 0 || remainders[i] > remainders[best] + 1e-12
                        || (Math.abs(remainders[i] - remainders[best]) <= 1e-12 && parts[i] < parts[best]))) {
                    best = i;
                }
            }
            parts[best]++;
            remainders[best] = -1;
        }
        if (atLeastOne) {
            giveEachAtLeastOne(parts, weights);
        }
        return parts;
    }

    private static void giveEachAtLeastOne(int[] parts, double[] weights) {
        for (int i = 0; i < parts.length; i++) {
            if (weights[i] > 0 && parts[i] == 0) {
                int largest = 0;
                for (int j = 1; j < parts.length; j++) {
                    if (parts[j] > parts[largest]) {
                        largest = j;
                    }
                }
                if (parts[largest] < 2) {
                    return;
                }
                parts[largest]--;
                parts[i]++;
            }
        }
    }
}
