package org.affinityensemble.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ProbeMixtureTest {

    private static final double[][] CONFIDENT_RIGHT = {{0, -9}, {-9, 0}, {0, -9}, {-9, 0}};
    private static final double[][] CONFIDENT_WRONG = {{-9, 0}, {0, -9}, {-9, 0}, {0, -9}};
    private static final int[] LABELS = {0, 1, 0, 1};

    @Test
    void aRightProbeBeatsAWrongEnsembleAndTakesAllTheWeight() {
        ProbeMixture.Choice choice = ProbeMixture.choose(CONFIDENT_WRONG, CONFIDENT_RIGHT, LABELS,
                CONFIDENT_WRONG, CONFIDENT_RIGHT, LABELS);
        assertEquals(1.0, choice.alpha(), 1e-12);
        assertEquals(1.0, choice.testAccuracy(), 1e-12);
    }

    @Test
    void aWrongProbeGetsNoWeight() {
        ProbeMixture.Choice choice = ProbeMixture.choose(CONFIDENT_RIGHT, CONFIDENT_WRONG, LABELS,
                CONFIDENT_RIGHT, CONFIDENT_WRONG, LABELS);
        assertEquals(0.0, choice.alpha(), 1e-12);
        assertEquals(1.0, choice.validationAccuracy(), 1e-12);
    }

    @Test
    void aMemberNeedsAPositiveWeight() {
        assertThrows(IllegalArgumentException.class, () -> new ProbeMixture.Member(0, null));
        assertThrows(IllegalArgumentException.class, () -> new ProbeMixture.Member(1.5, null));
    }
}
