package org.affinityensemble.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.affinityensemble.model.train.TrainingConfig;
import org.junit.jupiter.api.Test;

/**
 * The options: defaults, overrides and errors; the noise-floor option: its default, parsing, the seed of the
 * repeats and the count actually repeated; the meta-initialisation: off by default, trained like the subsets.
 */
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

    @Test
    void byDefaultTheLabelEmbeddingsTrainAsInTheServices() {
        EstimateOptions o = EstimateOptions.parse(new String[0]);
        assertThat(o.labelLearningRate()).isEqualTo(TrainingConfig.DEFAULT_LABEL_LEARNING_RATE);
        assertThat(o.training().trainsLabels()).isTrue();
        assertThat(o.metaInitTraining().trainsLabels()).as("θ* trains them too").isTrue();

        EstimateOptions frozen = EstimateOptions.parse(new String[] {"--label-learning-rate=0"});
        assertThat(frozen.training().trainsLabels()).isFalse();
        assertThatThrownBy(() -> EstimateOptions.parse(new String[] {"--linearised-training=true"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--label-learning-rate=0");
        assertThat(EstimateOptions.parse(new String[] {"--linearised-training=true", "--label-learning-rate=0"})
                .linearisedTraining()).isTrue();
        assertThatThrownBy(() -> EstimateOptions.parse(new String[] {"--label-learning-rate=-1"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--label-learning-rate");
    }

    @Test
    void byDefaultTheBenchmarkRunsTheServicesRegime() {
        EstimateOptions o = EstimateOptions.parse(new String[0]);
        assertThat(o.metaInitEpochs()).isEqualTo(2);
        assertThat(o.metaInit()).isTrue();
        assertThat(o.freezeA()).as("A frozen after θ*").isTrue();
        assertThat(o.metaInitTraining().freezeA()).as("θ* trains A and B").isFalse();

        EstimateOptions atInit = EstimateOptions.parse(new String[] {"--meta-init-epochs=0"});
        assertThat(atInit.metaInit()).isFalse();
        assertThat(atInit.freezeA()).as("A trained from θ0").isFalse();
        assertThatThrownBy(atInit::metaInitTraining).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("--meta-init-epochs=0");
        assertThatThrownBy(() -> EstimateOptions.parse(new String[] {"--model-readout=true"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--model-readout needs");
    }

    @Test
    void theMetaInitialisationTrainsLikeTheSubsetsButForItsEpochs() {
        EstimateOptions o = EstimateOptions.parse(new String[] {"--meta-init-epochs=2", "--epochs=3",
                "--learning-rate=2e-3", "--weight-decay=0.05", "--batch-size=8", "--max-length=32", "--seed=5"});
        assertThat(o.metaInitEpochs()).isEqualTo(2);
        assertThat(o.metaInit()).isTrue();
        double labels = TrainingConfig.DEFAULT_LABEL_LEARNING_RATE;
        assertThat(o.training()).isEqualTo(new TrainingConfig(3, 2e-3, 0.05, 8, 32, 5L, true, labels));
        assertThat(o.metaInitTraining()).isEqualTo(new TrainingConfig(2, 2e-3, 0.05, 8, 32, 5L, false, labels));
        assertThat(EstimateOptions.parse(new String[] {"--meta-init-epochs=0"}).metaInit()).isFalse();
        // the subsets' training is the same whatever the meta-initialisation's epochs
        assertThat(EstimateOptions.parse(new String[] {"--meta-init-epochs=1"}).training())
                .isEqualTo(EstimateOptions.defaults().training());
    }

    @Test
    void freezeATrainsBOnlyAfterAMetaInitialisationThatTrainsBoth() {
        assertThat(EstimateOptions.parse(new String[] {"--meta-init-epochs=0"}).training().freezeA()).isFalse();
        EstimateOptions frozen = EstimateOptions.parse(new String[] {"--freeze-a", "--epochs=2",
                "--meta-init-epochs=0"});
        assertThat(frozen.freezeA()).isTrue();
        assertThat(frozen.training()).isEqualTo(EstimateOptions.defaults().training().withEpochs(2)
                .withFreezeA(true));
        assertThat(EstimateOptions.parse(new String[] {"--freeze-a=false"}).training().freezeA()).isFalse();
        EstimateOptions afterMeta = EstimateOptions.parse(new String[] {"--freeze-a=true", "--meta-init-epochs=2"});
        assertThat(afterMeta.training().freezeA()).isTrue();
        assertThat(afterMeta.metaInitTraining()).isEqualTo(afterMeta.training().withEpochs(2).withFreezeA(false));
        assertThatThrownBy(() -> EstimateOptions.parse(new String[] {"--freeze-a=true", "--model-readout=true"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--model-readout needs");
    }

    @Test
    void negativeOrMalformedMetaInitEpochsAreRejected() {
        assertThatThrownBy(() -> EstimateOptions.parse(new String[] {"--meta-init-epochs=-1"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--meta-init-epochs");
        assertThatThrownBy(() -> EstimateOptions.parse(new String[] {"--meta-init-epochs=one"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--meta-init-epochs");
    }

    @Test
    void noOptionsAreTheDocumentedDefaults() {
        EstimateOptions o = EstimateOptions.parse(new String[0]);
        assertThat(o.tasks()).isEqualTo(EstimateOptions.DEFAULT_TASKS);
        assertThat(List.of(o.trainPerTask(), o.validationPerTask(), o.subsets(), o.calibrationSubsets(),
                o.subsetSize(), o.epochs(), o.batchSize(), o.maxLength(), o.mainDim(), o.threads()))
                .containsExactly(150, 100, 20, 4, 0, 2, 16, 64, 400, 2);
        assertThat(o.learningRate()).isEqualTo(1e-3);
        assertThat(o.weightDecay()).isEqualTo(0.01);
        assertThat(o.lambda()).as("calibrated").isNaN();
        assertThat(o.dims()).containsExactly(100, 200, 400, 800);
        assertThat(o.maxDim()).isEqualTo(800);
        assertThat(o.projectionSeed()).isEqualTo(42L);
        assertThat(o.modelReadout()).isFalse();
    }

    @Test
    void optionsOverrideTheDefaults() {
        EstimateOptions o = EstimateOptions.parse(new String[] {"--tasks=sent_amazon,sent_imdb,spam_email",
                "--train=40", "--validation=20", "--subsets=6", "--calibration-subsets=0", "--subset-size=2",
                "--epochs=2", "--learning-rate=2e-3", "--weight-decay=0", "--batch-size=8", "--max-length=32",
                "--lambda=0.01", "--dims=50,100", "--dim=50", "--projection-seed=7", "--threads=1",
                "--model-readout=true", "--meta-init-epochs=0", "--label-learning-rate=0"});
        assertThat(o.tasks()).containsExactly("sent_amazon", "sent_imdb", "spam_email");
        assertThat(List.of(o.trainPerTask(), o.validationPerTask(), o.subsets(), o.calibrationSubsets(),
                o.subsetSize(), o.epochs(), o.batchSize(), o.maxLength(), o.mainDim(), o.threads()))
                .containsExactly(40, 20, 6, 0, 2, 2, 8, 32, 50, 1);
        assertThat(o.learningRate()).isEqualTo(2e-3);
        assertThat(o.weightDecay()).isZero();
        assertThat(o.lambda()).isEqualTo(0.01);
        assertThat(o.dims()).containsExactly(50, 100);
        assertThat(o.projectionSeed()).isEqualTo(7L);
        assertThat(o.modelReadout()).isTrue();
        assertThat(EstimateOptions.parse(new String[] {"--model-readout", "--meta-init-epochs=0",
                "--label-learning-rate=0"}).modelReadout()).isTrue();
        assertThat(EstimateOptions.parse(new String[] {"--model-readout=false"}).modelReadout()).isFalse();
        assertThat(EstimateOptions.parse(new String[] {"--lambda=0.1", "--lambda=calibrate"}).lambda()).isNaN();
    }

    @Test
    void badOptionsAreRejected() {
        assertThatThrownBy(() -> EstimateOptions.parse(new String[] {"--folds=3"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option --folds");
        assertThatThrownBy(() -> EstimateOptions.parse(new String[] {"subsets=3"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected --name=value");
        assertThatThrownBy(() -> EstimateOptions.parse(new String[] {"--lambda=some"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--lambda")
                .hasMessageContaining("calibrate");
        assertThatThrownBy(() -> EstimateOptions.parse(new String[] {"--dims=100,x"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--dims");
        assertThatThrownBy(() -> EstimateOptions.parse(new String[] {"--model-readout=yes"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--model-readout");
        assertThatThrownBy(() -> EstimateOptions.parse(new String[] {"--dims=100,200", "--dim=400"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--dim must be one of --dims");
        assertThatThrownBy(() -> EstimateOptions.parse(new String[] {"--calibration-subsets=0"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("calibrating");
    }
}
