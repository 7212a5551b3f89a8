package org.affinityensemble.model.gradient;

/** Per-example gradients stayed non-finite after recomputation (a broken adapter, or a persistent native fault). */
public class NonFiniteGradientException extends RuntimeException {

    public NonFiniteGradientException(String message) {
        super(message);
    }
}
