package org.affinityensemble.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.affinityensemble.storage.EnsembleManifest.AdapterEntry.Kind;
import org.junit.jupiter.api.Test;

/** Residuals, group losses and the boosting target on hand-worked numbers; the prior of the weights. */
class BoostingTest {

    @Test
    void residualIsOneMinusTheEnsembleProbabilityOfTheCorrectLabel() {
        double[][] logits = {{2, 0}, {0, 0}, {1, 1, Math.log(2)}};
        double[] r = Boosting.residuals(logits, new int[] {0, 1, 2});
        assertThat(r[0]).isCloseTo(1 - Math.exp(2) / (Math.exp(2) + 1), within(1e-12));
        assertThat(r[1]).isCloseTo(0.5, within(1e-12));
        assertThat(r[2]).isCloseTo(1 - 2 / (2 * Math.E + 2), within(1e-12));
    }

    @Test
    void theGroupWithTheHighestMeanTrainingLossIsTheTarget() {
        Map<String, double[][]> logits = Map.of(
                "a", new double[][] {{3, 0}, {0, 3}},
                "b", new double[][] {{0, 1}},
                "c", new double[][] {{0, 0}, {0, 0}, {0, 0}});
        Map<String, int[]> labels = Map.of("a", new int[] {0, 1}, "b", new int[] {0}, "c", new int[] {0, 1, 0});
        Boosting.GroupLoss easy = Boosting.groupLoss("g1", List.of("a"), logits, labels);
        Boosting.GroupLoss hard = Boosting.groupLoss("g2", List.of("b", "c"), logits, labels);

        assertThat(easy.meanLoss()).isCloseTo(Math.log(1 + Math.exp(-3)), within(1e-12));
        double bLoss = Math.log(1 + Math.E);
        assertThat(hard.meanLoss()).isCloseTo((bLoss + 3 * Math.log(2)) / 4, within(1e-12));
        assertThat(hard.examples()).isEqualTo(4);
        assertThat(Boosting.hardest(List.of(easy, hard)).groupId()).isEqualTo("g2");
    }

    @Test
    void thePriorWeighsTheOwnGroupAdapterOneAndItsBoostingAdaptersEta() {
        EnsembleWeighting weighting = new EnsembleWeighting(EnsembleWeightFitter.withLambda(0.1), 0.2);
        List<EnsembleMember> members = List.of(
                new EnsembleMember("g1-v1", Kind.GROUP, "g1", List.of("a", "b")),
                new EnsembleMember("g2-v1", Kind.GROUP, "g2", List.of("c")),
                new EnsembleMember("boost-1-v1", Kind.BOOST, "g1", List.of("a", "b")));

        assertThat(weighting.prior("a", members)).containsExactly(1, 0, 0.2);
        assertThat(weighting.prior("c", members)).containsExactly(0, 1, 0);
    }
}
