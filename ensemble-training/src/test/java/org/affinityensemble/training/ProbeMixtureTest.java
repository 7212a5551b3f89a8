package org.affinityensemble.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void aProbeThatGainsLessThanTheMinimumStaysOut() {
        // the probe says what the ensemble says, a little more sharply: some α > 0 lowers the loss, by too little
        double[][] ensemble = {{1, 0}, {0, 1}, {1, 0}, {0, 1}};
        double[][] probe = new double[4][];
        for (int i = 0; i < 4; i++) {
            double[] p = org.affinityensemble.model.infer.Softmax.probabilities(
                    new double[] {ensemble[i][0] * 1.003, ensemble[i][1] * 1.003});
            probe[i] = new double[] {Math.log(p[0]), Math.log(p[1])};
        }
        double alone = org.affinityensemble.model.infer.Softmax.meanCrossEntropy(ensemble, LABELS);
        double probeAlone = org.affinityensemble.model.infer.Softmax.meanCrossEntropy(probe, LABELS);
        assertTrue(probeAlone < alone && alone - probeAlone < EnsembleProcedure.MIN_LOSS_GAIN);

        ProbeMixture.Choice choice = ProbeMixture.choose(ensemble, probe, LABELS, ensemble, probe, LABELS);
        assertEquals(0.0, choice.alpha(), 1e-12);
        assertEquals(alone, choice.validationLoss(), 1e-12);
    }
}
