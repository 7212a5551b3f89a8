package org.affinityensemble.datasets;

import org.affinityensemble.events.Split;

/**
 * The shares of train, validation and test in a split. Each is in [0, 1] and they add up to 1.
 */
public record SplitFractions(double train, double validation, double test) {

    /** 70 % train, 10 % validation, 20 % test. */
    public static final SplitFractions DEFAULT = new SplitFractions(0.7, 0.1, 0.2);

    public SplitFractions {
        for (double f : new double[] {train, validation, test}) {
            if (!(f >= 0 && f <= 1)) {
                throw new IllegalArgumentException("split fractions must lie in [0, 1]: " + this);
            }
        }
        if (Math.abs(train + validation + test - 1) > 1e-9) {
            throw new IllegalArgumentException("split fractions must add up to 1: " + this);
        }
    }

    /** The share of one split. */
    public double of(Split split) {
        return switch (split) {
            case TRAIN -> train;
            case VALIDATION -> validation;
            case TEST -> test;
        };
    }

    double[] asArray() {
        return new double[] {train, validation, test};
    }
}
