package org.affinityensemble.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.OptionalInt;
import org.affinityensemble.affinity.EstimatorKind;
import org.affinityensemble.affinity.SurrogateSubsetEstimator;
import org.affinityensemble.affinity.TrajectoryCalibration;
import org.affinityensemble.affinity.TrajectorySubsetEstimator;
import org.affinityensemble.grouping.GroupCountRule;
import org.junit.jupiter.api.Test;

class AccuracyOptionsTest {

    @Test
    void theDefaultsAreTheDocumentedRun() {
        AccuracyOptions o = AccuracyOptions.parse(new String[0]);
        assertThat(o.tasks()).containsExactly("sent_amazon", "sent_imdb", "spam_email", "brown_genre",
                "wordnet_noun", "wordnet_verb", "foldoc_domain", "reuters_grain", "fortune_category",
                "fortune_language");
        assertThat(o.trainPerTask()).isEqualTo(300);
        assertThat(o.validationPerTask()).isEqualTo(100);
        assertThat(o.testPerTask()).isEqualTo(1000);
        assertThat(o.epochs()).isEqualTo(2);
        assertThat(o.groups()).hasValue(3);
        assertThat(o.seed()).isEqualTo(1L);
        // the services' defaults
        assertThat(o.dim()).isEqualTo(400);
        assertThat(o.projectionSeed()).isEqualTo(42L);
        assertThat(o.subsets()).isEqualTo(50);
        assertThat(o.affinitySeed()).isEqualTo(7L);
        assertThat(o.lambda()).isEqualTo(5e-3);
        assertThat(o.plannerSeed()).isEqualTo(42L);
        assertThat(o.groupCountRule()).isEqualTo(new GroupCountRule.NoiseCalibrated(2.0));
        assertThat(o.boostingSteps()).isEqualTo(1);
        assertThat(o.eta()).isEqualTo(0.2);
        assertThat(o.weightsL2()).isEqualTo(0.05);
        assertThat(o.modelDir()).as("the bundled all-MiniLM-L6-v2").isNull();
    }

    /** The affinity's gradients hold each task's label block scaled as the gradient workers scale it. */
    @Test
    void theLabelBlockIsScaledByTheRootOfTheLearningRateRatioAndAbsentWithFrozenLabels() {
        assertThat(AccuracyOptions.parse(new String[0]).labelGradientScale()).as("√(1e-2 / 1e-3)")
                .isCloseTo(Math.sqrt(10), within(1e-12));
        assertThat(AccuracyOptions.parse(new String[] {"--label-learning-rate=4e-3", "--learning-rate=1e-3"})
                .labelGradientScale()).isCloseTo(2, within(1e-12));
        assertThat(AccuracyOptions.parse(new String[] {"--label-learning-rate=0"}).labelGradientScale()).isZero();
        AccuracyOptions shared = AccuracyOptions.parse(new String[0]);
        assertThat(shared.affinityLabelScale()).as("the shared LoRA parameters only (ADR 0122)").isZero();
        assertThat(shared.training().trainsLabels()).as("the adapters still train them").isTrue();
        AccuracyOptions withBlocks = AccuracyOptions.parse(new String[] {"--affinity-label-blocks=true"});
        assertThat(withBlocks.affinityLabelScale()).isCloseTo(Math.sqrt(10), within(1e-12));
        assertThat(withBlocks.commandLine()).endsWith(" --affinity-label-blocks=true");
    }

    @Test
    void aModelDirectoryIsRunAndNamedInTheCommandLine() {
        AccuracyOptions o = AccuracyOptions.parse(new String[] {"--model-dir=/models/e5-small-v2"});
        assertThat(o.modelDir()).isEqualTo("/models/e5-small-v2");
        assertThat(o.commandLine()).endsWith(" --model-dir=/models/e5-small-v2");
    }

    @Test
    void optionsOverrideTheDefaults() {
        AccuracyOptions o = AccuracyOptions.parse(new String[] {"--tasks=sent_amazon,spam_email,wordnet_verb",
                "--train=40", "--validation=20", "--test=30", "--epochs=1", "--groups=2", "--seed=5",
                "--learning-rate=2e-3", "--boosting-steps=2", "--threads=1", "--subsets=12", "--lambda=0.1"});
        assertThat(o.tasks()).containsExactly("sent_amazon", "spam_email", "wordnet_verb");
        assertThat(List.of(o.trainPerTask(), o.validationPerTask(), o.testPerTask(), o.epochs()))
                .containsExactly(40, 20, 30, 1);
        assertThat(o.groups()).hasValue(2);
        assertThat(o.seed()).isEqualTo(5L);
        assertThat(o.learningRate()).isEqualTo(2e-3);
        assertThat(o.boostingSteps()).isEqualTo(2);
        assertThat(o.threads()).isEqualTo(1);
        assertThat(o.subsets()).isEqualTo(12);
        assertThat(o.lambda()).isEqualTo(0.1);
        assertThat(o.commandLine()).isEqualTo("bin/ensemble bench accuracy --tasks=sent_amazon,spam_email,"
                + "wordnet_verb --train=40 --validation=20 --test=30 --epochs=1 --groups=2 --seed=5"
                + " --meta-init-epochs=2 --freeze-a=true --learning-rate=0.002");
    }

    @Test
    void aMetaInitialisationTrainsAAndBEvenWhenTheAdaptersFreezeA() {
        AccuracyOptions atInit = AccuracyOptions.parse(new String[] {"--meta-init-epochs=0"});
        assertThat(atInit.metaInitEpochs()).isZero();
        assertThat(atInit.training().freezeA()).as("A trained from θ0").isFalse();
        assertThatThrownBy(atInit::metaInitTraining).isInstanceOf(IllegalStateException.class);
        assertThat(atInit.commandLine()).endsWith(" --seed=1 --meta-init-epochs=0 --freeze-a=false");

        AccuracyOptions meta = AccuracyOptions.parse(new String[0]);
        assertThat(meta.metaInitEpochs()).as("the services' default").isEqualTo(2);
        assertThat(meta.training()).isEqualTo(atInit.training().withFreezeA(true));
        assertThat(meta.metaInitTraining()).isEqualTo(atInit.training().withEpochs(2));
        assertThat(meta.commandLine()).endsWith(" --seed=1 --meta-init-epochs=2 --freeze-a=true");
        assertThat(AccuracyOptions.parse(new String[] {"--freeze-a=false"}).training().freezeA()).isFalse();
        assertThatThrownBy(() -> AccuracyOptions.parse(new String[] {"--meta-init-epochs=-1"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--meta-init-epochs");
    }

    @Test
    void theAffinityIsEstimatedAsTheServiceWouldForTheGradients() {
        AccuracyOptions atInit = AccuracyOptions.parse(new String[] {"--meta-init-epochs=0"});
        assertThat(atInit.estimator()).isEqualTo(EstimatorKind.AUTO);
        assertThat(atInit.calibration()).isEqualTo(TrajectoryCalibration.DEFAULT);
        assertThat(AccuracyGroupings.estimatorChoice(atInit).estimator()).isInstanceOf(SurrogateSubsetEstimator.class);
        assertThat(AccuracyGroupings.estimatorChoice(atInit).key()).isEqualTo("ridge(lambda=0.005)");

        AccuracyOptions services = AccuracyOptions.parse(new String[0]);
        assertThat(AccuracyGroupings.estimatorChoice(services).key()).as("gradients at θ0 (ADR 0122)")
                .isEqualTo("ridge(lambda=0.005)");
        AccuracyOptions atTheta = AccuracyOptions.parse(new String[] {"--affinity-start=meta"});
        assertThat(AccuracyGroupings.estimatorChoice(atTheta).estimator())
                .isInstanceOf(TrajectorySubsetEstimator.class);
        assertThat(AccuracyGroupings.estimatorChoice(atTheta).key())
                .isEqualTo("trajectory(epochs=2,lr=0.001,factor=2.37,weight_decay=0.01,batch=16,seed=1)");
        // The adapters' epochs change the trajectory's schedule and its calibrated factor, as in the service.
        assertThat(AccuracyGroupings.estimatorChoice(AccuracyOptions.parse(new String[] {"--epochs=1",
                "--affinity-start=meta"})).key())
                .isEqualTo("trajectory(epochs=1,lr=0.001,factor=3.16,weight_decay=0.01,batch=16,seed=1)");
        AccuracyOptions aTrained = AccuracyOptions.parse(new String[] {"--freeze-a=false", "--affinity-start=meta"});
        assertThat(AccuracyGroupings.estimatorChoice(aTrained).estimator())
                .isInstanceOf(SurrogateSubsetEstimator.class);

        AccuracyOptions ridge = AccuracyOptions.parse(new String[] {"--meta-init-epochs=2", "--freeze-a=true",
                "--estimator=ridge"});
        assertThat(AccuracyGroupings.estimatorChoice(ridge).estimator()).isInstanceOf(SurrogateSubsetEstimator.class);
        assertThat(ridge.commandLine()).endsWith(" --meta-init-epochs=2 --freeze-a=true --estimator=ridge");
        AccuracyOptions trajectory = AccuracyOptions.parse(new String[] {"--estimator=trajectory",
                "--trajectory-factor=5", "--meta-init-epochs=0"});
        assertThat(AccuracyGroupings.estimatorChoice(trajectory).key()).startsWith("trajectory(epochs=2,lr=0.001,"
                + "factor=5.0,");
        assertThat(trajectory.commandLine()).endsWith(" --estimator=trajectory --trajectory-factor=1=5.0");
        assertThatThrownBy(() -> AccuracyOptions.parse(new String[] {"--estimator=exact"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auto, ridge or trajectory");
    }

    @Test
    void groupsAutoLeavesTheCountToThePlannersRule() {
        AccuracyOptions noise = AccuracyOptions.parse(new String[] {"--groups=auto", "--noise-z=3"});
        assertThat(noise.groups()).isEqualTo(OptionalInt.empty());
        assertThat(noise.groupCountRule()).isEqualTo(new GroupCountRule.NoiseCalibrated(3.0));
        assertThat(noise.commandLine()).contains("--groups=auto --count-rule=noise-calibrated --noise-z=3.0");
        AccuracyOptions trace = AccuracyOptions.parse(new String[] {"--groups=auto", "--count-rule=trace-penalty",
                "--group-penalty=-0.5"});
        assertThat(trace.groupCountRule()).isEqualTo(new GroupCountRule.TracePenalty(-0.5));
        assertThat(trace.commandLine()).contains("--groups=auto --count-rule=trace-penalty --group-penalty=-0.5");
        assertThatThrownBy(() -> AccuracyOptions.parse(new String[] {"--count-rule=spectral"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--count-rule");
    }

    @Test
    void badOptionsAreRejected() {
        assertThatThrownBy(() -> AccuracyOptions.parse(new String[] {"--folds=3"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option --folds");
        assertThatThrownBy(() -> AccuracyOptions.parse(new String[] {"--epoch=3"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option --epoch")
                .hasMessageContaining("did you mean --epochs");
        assertThatThrownBy(() -> AccuracyOptions.parse(new String[] {"--train"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--name=value");
        assertThatThrownBy(() -> AccuracyOptions.parse(new String[] {"train=40"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected --name=value, got train=40");
        assertThatThrownBy(() -> AccuracyOptions.parse(new String[] {"--groups=some"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--groups")
                .hasMessageContaining("auto");
        assertThatThrownBy(() -> AccuracyOptions.parse(new String[] {"--test=many"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--test");
        assertThatThrownBy(() -> AccuracyOptions.parse(new String[] {"--tasks=a,b", "--groups=3"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--groups");
        assertThatThrownBy(() -> AccuracyOptions.parse(new String[] {"--groups=0"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AccuracyOptions.parse(new String[] {"--tasks=a,a"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AccuracyOptions.parse(new String[] {"--test=0"}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void byDefaultTheAffinityIsTakenAtTheLoraInitialisationWhileAdaptersStartFromThetaStar() {
        AccuracyOptions defaults = AccuracyOptions.defaults();
        assertThat(defaults.affinityAtAdapterStart()).as("the services' lora-init (ADR 0122)").isFalse();
        assertThat(defaults.affinityFreezeA()).as("gradients of A and B at θ0").isFalse();
        assertThat(defaults.freezeA()).as("the adapters still train B only from θ*").isTrue();
        assertThat(defaults.metaInitEpochs()).isEqualTo(2);
        assertThat(AccuracyGroupings.estimatorChoice(defaults).kind()).isEqualTo(EstimatorKind.RIDGE);
        assertThat(defaults.commandLine()).doesNotContain("--affinity-start");

        AccuracyOptions atTheta = AccuracyOptions.parse(new String[] {"--affinity-start=meta"});
        assertThat(atTheta.affinityAtAdapterStart()).isTrue();
        assertThat(atTheta.affinityFreezeA()).isTrue();
        assertThat(AccuracyGroupings.estimatorChoice(atTheta).kind()).isEqualTo(EstimatorKind.TRAJECTORY);
        assertThat(atTheta.commandLine()).endsWith(" --affinity-start=meta");

        // without θ* there is one start only
        assertThat(AccuracyOptions.parse(new String[] {"--meta-init-epochs=0"}).affinityAtAdapterStart()).isTrue();
        assertThatThrownBy(() -> AccuracyOptions.parse(new String[] {"--affinity-start=theta1"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("meta or lora-init");
    }

    @Test
    void aLoraRankKeepsTheDefaultScalingAndShowsInTheCommandLine() {
        AccuracyOptions defaults = AccuracyOptions.defaults();
        assertThat(defaults.lora()).isEqualTo(org.affinityensemble.events.LoraSpec.defaults());
        assertThat(defaults.commandLine()).doesNotContain("--lora-rank");

        AccuracyOptions rank16 = AccuracyOptions.parse(new String[] {"--lora-rank=16"});
        assertThat(rank16.lora().rank()).isEqualTo(16);
        assertThat(rank16.lora().scaling()).isEqualTo(defaults.lora().scaling());
        assertThat(rank16.lora().targets()).isEqualTo(defaults.lora().targets());
        assertThat(rank16.commandLine()).endsWith(" --lora-rank=16");
        assertThatThrownBy(() -> AccuracyOptions.parse(new String[] {"--lora-rank=0"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--lora-rank");
    }
}
