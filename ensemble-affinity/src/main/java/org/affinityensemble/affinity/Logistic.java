package org.affinityensemble.affinity;

/**
 * Numerically stable pieces of the logistic loss of a margin m = f0 + g̃ᵀw (correct class always positive). Public
 * so that the benchmarks measure real losses with the very function the surrogate estimates them with.
 */
public final class Logistic {

    private Logistic() {
    }

    /** log(1 + exp(-m)): the cross-entropy of the correct class, without overflow for large |m|. */
    public static double loss(double margin) {
        return margin >= 0 ? Math.log1p(Math.exp(-margin)) : -margin + Math.log1p(Math.exp(margin));
    }

    /** 1 / (1 + exp(-x)), without overflow. */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }
}
