package org.affinityensemble.affinity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearisedTrainingTest {

    private static final LinearisedTraining.Schedule ONE_STEP = new LinearisedTraining.Schedule(1, 0.01, 0, 8, 1);

    @Test
    void adamsFirstStepMovesEveryCoordinateByTheLearningRateAgainstItsGradient() {
        // One example, one step: m̂ = g and √v̂ = |g|, so each coordinate moves by lr in the direction that raises h.
        LinearisedTraining training = new LinearisedTraining(new double[] {-0.3},
                new float[][] {{2f, -0.5f, 0f, 1e-3f}}, null);

        double[] change = training.run(new int[] {0}, ONE_STEP, LinearisedTraining.Rule.ADAMW, null);

        // lr·|g|/(|g| + ε/√(1 − β2)): short of lr by ε/(√(1 − β2)·|g|), 1e-6 of it for |g| ≈ 0.3
        assertThat(change[0]).isCloseTo(0.01, within(1e-7));
        assertThat(change[1]).isCloseTo(-0.01, within(1e-7));
        assertThat(change[2]).isZero();
        // |g| ≈ 6e-4 here: ε costs 5e-4 of the step, still the learning rate to a thousandth
        assertThat(change[3]).isCloseTo(0.01, within(1e-5));
    }

    @Test
    void momentumsFirstStepIsAGradientStep() {
        double f0 = 0.4;
        float[] x = {1.5f, -2f};
        LinearisedTraining training = new LinearisedTraining(new double[] {f0}, new float[][] {x}, null);

        double[] change = training.run(new int[] {0}, ONE_STEP, LinearisedTraining.Rule.MOMENTUM, null);

        double slope = -1 / (1 + Math.exp(f0)); // dℓ/dh of log(1 + exp(−h))
        assertThat(change[0]).isCloseTo(-0.01 * slope * x[0], within(1e-12));
        assertThat(change[1]).isCloseTo(-0.01 * slope * x[1], within(1e-12));
        assertThat(training.logOdds(0, change)).isCloseTo(f0 + x[0] * change[0] + x[1] * change[1], within(1e-12));
    }

    @Test
    void aScaleMultipliesEachCoordinateOfTheFeatures() {
        float[][] rows = {{1f, 2f}, {-1f, 0.5f}, {0.3f, -0.2f}};
        double[] f0 = {0.1, -0.2, 0.3};
        float[] scale = {2f, 0.5f};
        float[][] scaled = {{2f, 1f}, {-2f, 0.25f}, {0.6f, -0.1f}};
        LinearisedTraining.Schedule schedule = new LinearisedTraining.Schedule(2, 0.05, 0.01, 2, 3);

        double[] withScale = new LinearisedTraining(f0, rows, scale).run(new int[] {0, 1, 2}, schedule,
                LinearisedTraining.Rule.MOMENTUM, null);
        double[] prescaled = new LinearisedTraining(f0, scaled, null).run(new int[] {0, 1, 2}, schedule,
                LinearisedTraining.Rule.MOMENTUM, null);

        assertThat(withScale).containsExactly(prescaled, within(1e-7));
    }

    @Test
    void weightDecayPullsTheStartTowardsZeroEvenWithoutAGradient() {
        // Features of zero give no gradient, so only the decoupled decay moves the parameters: (1 − lr·wd)^steps.
        LinearisedTraining training = new LinearisedTraining(new double[] {0, 0, 0},
                new float[][] {{0f, 0f}, {0f, 0f}, {0f, 0f}}, null);
        LinearisedTraining.Schedule schedule = new LinearisedTraining.Schedule(2, 0.1, 0.5, 2, 1);

        double[] change = training.run(new int[] {0, 1, 2}, schedule, LinearisedTraining.Rule.ADAMW,
                new double[] {1, -2});

        assertThat(schedule.steps(3)).isEqualTo(4);
        double kept = Math.pow(1 - 0.1 * 0.5, 4);
        assertThat(change[0]).isCloseTo(kept - 1, within(1e-12));
        assertThat(change[1]).isCloseTo(-2 * (kept - 1), within(1e-12));
    }

    @Test
    void theSeedFixesTheOrderOfTheExamples() {
        Random random = new Random(5);
        float[][] rows = new float[12][3];
        double[] f0 = new double[12];
        for (int i = 0; i < rows.length; i++) {
            f0[i] = random.nextGaussian();
            for (int j = 0; j < 3; j++) {
                rows[i][j] = (float) random.nextGaussian();
            }
        }
        LinearisedTraining training = new LinearisedTraining(f0, rows, null);
        int[] train = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        LinearisedTraining.Schedule seeded = new LinearisedTraining.Schedule(2, 0.05, 0.01, 4, 7);

        double[] first = training.run(train, seeded, LinearisedTraining.Rule.ADAMW, null);
        double[] again = training.run(train, seeded, LinearisedTraining.Rule.ADAMW, null);
        double[] otherOrder = training.run(train, new LinearisedTraining.Schedule(2, 0.05, 0.01, 4, 8),
                LinearisedTraining.Rule.ADAMW, null);

        assertThat(again).containsExactly(first);
        assertThat(otherOrder).isNotEqualTo(first);
        // and training lowered the training loss
        assertThat(meanLoss(training, train, first)).isLessThan(meanLoss(training, train, new double[3]));
        assertThat(training.gradientNorm(train, first)).isLessThan(training.gradientNorm(train, new double[3]));
    }

    @Test
    void aLearningRateFactorScalesTheLearningRateAndNothingElse() {
        LinearisedTraining.Schedule schedule = new LinearisedTraining.Schedule(2, 1e-3, 0.01, 16, 7);

        assertThat(schedule.withLearningRateTimes(4.22))
                .isEqualTo(new LinearisedTraining.Schedule(2, 1e-3 * 4.22, 0.01, 16, 7));
    }

    @Test
    void rejectsRowsOfDifferentLengthsAndAMismatchedScale() {
        assertThatThrownBy(() -> new LinearisedTraining(new double[] {0, 0}, new float[][] {{1f}, {1f, 2f}}, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("feature rows");
        assertThatThrownBy(() -> new LinearisedTraining(new double[] {0}, new float[][] {{1f}}, new float[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scale");
        assertThatThrownBy(() -> new LinearisedTraining.Schedule(0, 0.1, 0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static double meanLoss(LinearisedTraining training, int[] rows, double[] change) {
        double sum = 0;
        for (int row : rows) {
            sum += Logistic.loss(training.logOdds(row, change));
        }
        return sum / rows.length;
    }
}
