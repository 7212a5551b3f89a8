package org.affinityensemble.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.affinityensemble.affinity.GradientSource;
import org.affinityensemble.affinity.InMemoryGradientSource;
import org.affinityensemble.affinity.TaskExample;
import org.affinityensemble.affinity.TaskSubset;
import org.junit.jupiter.api.Test;

class CalibrationTest {

    private static final int DIM = 12;

    @Test
    void recoversTheRidgeWeightThatProducedTheLosses() {
        GradientSource source = syntheticSource(new Random(11));
        List<TaskSubset> subsets = List.of(TaskSubset.of("t0", "t1"), TaskSubset.of("t1", "t2"),
                TaskSubset.of("t2", "t3"));
        for (double exponent : new double[] {-2, -1.375, -3.625}) {
            double lambda = Math.pow(10, exponent);
            List<RealFineTuning.Outcome> heldOut = lossesAt(subsets, source, lambda);

            Calibration.Choice choice = Calibration.lambda(heldOut, source, 2);

            assertThat(Math.log10(choice.value())).as("λ = 1e%s", exponent).isCloseTo(exponent, within(1e-9));
            assertThat(choice.relativeError()).isCloseTo(0, within(1e-9));
            assertThat(choice.tried()).isEqualTo(13 + 6);
        }
    }

    /** "Real" outcomes whose losses are exactly the surrogate's estimates at {@code lambda}. */
    private static List<RealFineTuning.Outcome> lossesAt(List<TaskSubset> subsets, GradientSource source,
            double lambda) {
        SurrogateRun.Result result = SurrogateRun.estimate(subsets, source, lambda, 1);
        List<RealFineTuning.Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < subsets.size(); i++) {
            Map<String, Double> losses = new TreeMap<>();
            for (String task : subsets.get(i).tasks()) {
                losses.put(task, result.loss(i, task));
            }
            outcomes.add(new RealFineTuning.Outcome(subsets.get(i), losses, List.of(), Double.NaN, null, 0, 0));
        }
        return outcomes;
    }

    /** Four tasks whose gradients share a direction per pair of tasks, so fitting one helps its partner. */
    private static GradientSource syntheticSource(Random random) {
        List<TaskExample> examples = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            double[] direction = random.doubles(DIM, -1, 1).toArray();
            for (int n = 0; n < 60; n++) {
                boolean validation = n >= 40;
                float[] g = new float[DIM];
                for (int j = 0; j < DIM; j++) {
                    g[j] = (float) (direction[j] + 0.5 * random.nextGaussian());
                }
                examples.add(new TaskExample("t" + t, String.format("%03d", n), validation,
                        random.nextGaussian() - 0.5, g));
            }
        }
        return new InMemoryGradientSource(DIM, examples);
    }
}
