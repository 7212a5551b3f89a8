package org.affinityensemble.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalInt;
import org.affinityensemble.affinity.EstimatorKind;
import org.junit.jupiter.api.Test;

/** The affinity benchmark's options: its own, and the services' settings through the accuracy options. */
class AffinityOptionsTest {

    @Test
    void theDefaultsAreSixTwinTasksTheTenFamilyTasksAndTheServicesRegime() {
        AffinityOptions options = AffinityOptions.parse(new String[0]);
        assertThat(options.twinTasks()).hasSize(6);
        assertThat(options.familyTasks()).hasSize(10);
        assertThat(options.regimes()).containsExactly(AffinityOptions.THETA0);
        assertThat(AffinityOptions.parse(new String[] {"--regimes=theta-star,theta0"}).regimes())
                .containsExactly(AffinityOptions.THETA_STAR, AffinityOptions.THETA0);
        assertThat(options.trainPerTask()).isEqualTo(240);
        assertThat(options.validationPerTask()).isEqualTo(60);
        assertThat(options.familyTrainPerTask()).isEqualTo(700);
        assertThat(options.familyValidationPerTask()).isEqualTo(250);
        assertThat(options.repeats()).isEqualTo(2);
    }

    @Test
    void theFamilyCheckHasItsOwnSizesAndTheTwinsKeepTheirs() {
        AffinityOptions options = AffinityOptions.parse(new String[] {"--train=100", "--validation=30",
                "--family-train=500", "--family-validation=200"});
        AccuracyOptions twins = options.accuracy(AffinityOptions.THETA0, List.of("x_a", "x_b"));
        AccuracyOptions families = options.familyAccuracy(AffinityOptions.THETA0, List.of("x", "y"));
        assertThat(twins.trainPerTask()).isEqualTo(100);
        assertThat(twins.validationPerTask()).isEqualTo(30);
        assertThat(families.trainPerTask()).isEqualTo(500);
        assertThat(families.validationPerTask()).isEqualTo(200);
        assertThat(families.minPairCoverage()).isEqualTo(twins.minPairCoverage()).isEqualTo(10);
        assertThatThrownBy(() -> AffinityOptions.parse(new String[] {"--family-validation=1"}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRegimeIsTheServicesSettingsOverItsDatasets() {
        AffinityOptions options = AffinityOptions.parse(new String[] {"--dim=200", "--anchors="});
        assertThat(options.anchors()).isEmpty();
        AccuracyOptions star = options.accuracy(AffinityOptions.THETA_STAR, List.of("x_a", "x_b"));
        assertThat(star.tasks()).containsExactly("x_a", "x_b");
        assertThat(star.dim()).isEqualTo(200);
        assertThat(star.metaInitEpochs()).isEqualTo(2);
        assertThat(star.freezeA()).isTrue();
        assertThat(star.groups()).isEqualTo(OptionalInt.empty());
        assertThat(AccuracyGroupings.estimatorChoice(star).kind()).isEqualTo(EstimatorKind.TRAJECTORY);
        AccuracyOptions zero = options.accuracy(AffinityOptions.THETA0, List.of("x_a", "x_b"));
        assertThat(zero.metaInitEpochs()).isZero();
        assertThat(zero.freezeA()).isFalse();
        assertThat(AccuracyGroupings.estimatorChoice(zero).kind()).isEqualTo(EstimatorKind.RIDGE);
    }

    @Test
    void anAnchorNeedsItsFamilyAmongTheTwinsAndUnknownRegimesAreRefused() {
        assertThatThrownBy(() -> AffinityOptions.parse(new String[] {"--regimes=theta1"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AffinityOptions.parse(new String[] {"--twin-tasks=sent_amazon,spam_email",
                "--anchors=sent_amazon"})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("family partner");
        assertThatThrownBy(() -> AffinityOptions.parse(new String[] {"--ground-truth-repeats=1"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2");
        assertThat(AffinityOptions.parse(new String[] {"--ground-truth-repeats=3"}).repeats()).isEqualTo(3);
        assertThatThrownBy(() -> AffinityOptions.parse(new String[] {"--no-such-option=1"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--no-such-option");
    }
}
