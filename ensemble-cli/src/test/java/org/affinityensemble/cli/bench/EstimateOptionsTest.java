package org.affinityensemble.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The noise-floor option: its default, parsing, the seed of the repeats and the count actually repeated. */
class EstimateOptionsTest {

    @Test
    void byDefaultFourSubsetsAreRepeatedWithTheNextTrainingSeed() {
        EstimateOptions o = EstimateOptions.parse(new String[0]);
        assertThat(o.noiseSubsets()).isEqualTo(4);
        assertThat(o.noiseSubsetCount()).isEqualTo(4);
        assertThat(o.seed()).isEqualTo(1L);
        assertThat(o.noiseTrainingSeed()).isEqualTo(2L);
        assertThat(o.subsets()).isEqualTo(20);
    }

    @Test
    void noiseSubsetsIsParsedZeroDisablesItAndItIsCappedByTheEvaluatedSubsets() {
        assertThat(EstimateOptions.parse(new String[] {"--noise-subsets=7"}).noiseSubsetCount()).isEqualTo(7);
        assertThat(EstimateOptions.parse(new String[] {"--noise-subsets=0"}).noiseSubsetCount()).isZero();
        EstimateOptions few = EstimateOptions.parse(new String[] {"--subsets=3"});
        assertThat(few.noiseSubsets()).isEqualTo(4);
        assertThat(few.noiseSubsetCount()).isEqualTo(3);
        EstimateOptions seeded = EstimateOptions.parse(new String[] {"--seed=9", "--noise-subsets=2"});
        assertThat(seeded.noiseTrainingSeed()).isEqualTo(10L).isNotEqualTo(seeded.seed());
    }

    @Test
    void negativeNoiseSubsetsAreRejected() {
        assertThatThrownBy(() -> EstimateOptions.parse(new String[] {"--noise-subsets=-1"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--noise-subsets");
        assertThatThrownBy(() -> EstimateOptions.parse(new String[] {"--noise-subset=2"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option");
    }
}
