package org.affinityensemble.affinity;

/**
 * The solution of one surrogate fit: the weights w of the linearised model f0 + g̃ᵀw, the number of Newton
 * steps taken, the Euclidean norm of the objective's gradient at w (how exactly it was solved), the objective
 * value there, and the number of training examples it saw.
 */
public record Fit(double[] w, int iterations, double gradientNorm, double objective, long examples) {
}
