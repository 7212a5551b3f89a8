package org.affinityensemble.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.classify.LabelScores;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.classify.PrototypeClassifier;
import org.affinityensemble.model.encoder.BaseModel;
import org.affinityensemble.model.encoder.ProjectionAdaptation;
import org.affinityensemble.model.infer.ClassifierLogits;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.runtime.HostArrays;
import org.affinityensemble.model.testing.TestModels;
import org.affinityensemble.model.testing.TestTasks;
import org.junit.jupiter.api.Test;

/** Determinism, the non-finite guard and the residual (boosting) objective of the trainer. */
class TrainingBehaviourTest {

    private static final LoraSpec SPEC = new LoraSpec(4, 8, List.of("q", "v"), 3L);
    private static final TrainingConfig SHORT = new TrainingConfig(1, 2e-3, 0.01, 8, 32, 5L, false);

    @Test
    void trainingIsDeterministicForAFixedSeed() {
        MixedRun run = MixedRun.create();
        LoraAdapter start = run.start();

        LoraAdapter first = run.lastEpoch(SHORT);
        LoraAdapter second = run.lastEpoch(SHORT);
        LoraAdapter otherSeed = run.lastEpoch(SHORT.withSeed(6L));

        assertThat(first.parameters()).isEqualTo(second.parameters());
        assertThat(first.parameters()).isNotEqualTo(start.parameters());
        assertThat(otherSeed.parameters()).isNotEqualTo(first.parameters());
    }

    @Test
    void freezingAKeepsEveryAAtItsInitialisationAndStillTrainsB() {
        MixedRun run = MixedRun.create();
        LoraAdapter start = run.start();
        // two epochs: from the second step on the gradient with respect to A is no longer zero (B != 0)
        TrainingConfig config = SHORT.withEpochs(2);

        LoraAdapter frozen = run.lastEpoch(config.withFreezeA(true));
        LoraAdapter both = run.lastEpoch(config);

        for (int slot = 0; slot < start.layout().slots().size(); slot++) {
            assertThat(frozen.a(slot)).as("A of slot %d, frozen", slot).isEqualTo(start.a(slot));
            assertThat(frozen.b(slot)).as("B of slot %d, frozen", slot).isNotEqualTo(start.b(slot));
            assertThat(both.a(slot)).as("A of slot %d, trained", slot).isNotEqualTo(start.a(slot));
        }
    }

    @Test
    void stepsThatStayNonFiniteAreRecomputedThenSkippedAndCounted() {
        BaseModel model = TestModels.miniLm();
        PrototypeClassifier classifier = TestTasks.classifier(model, 32);
        LoraAdapter init = LoraAdapter.initialise(SPEC, model.config());
        float[] values = init.parameters();
        values[(int) init.layout().bOffset(0)] = Float.NaN;
        LoraAdapter poisoned = init.withParameters(values);

        TrainingOutcome outcome = new LoraTrainer(classifier, SHORT).train(poisoned, TestTasks.mixed(8),
                TestTasks.amazon().subList(140, 150), new CrossEntropyObjective());

        assertThat(outcome.epochs().get(1).skippedSteps()).isEqualTo(2);
        assertThat(outcome.epochs().get(1).recomputedSteps()).isEqualTo(2 * TrainingSession.MAX_RECOMPUTATIONS);
        assertThat(outcome.epochs().get(1).steps()).isZero();
        assertThat(outcome.bestEpoch()).isZero();
        assertThat(outcome.best().parameters()).isEqualTo(values);
    }

    @Test
    void residualObjectiveIsTheSquaredErrorOfTheCentredCorrectLogitAndTrainingFitsIt() {
        BaseModel model = TestModels.miniLm();
        PrototypeClassifier classifier = TestTasks.classifier(model, 32);
        List<LabelledText> train = TestTasks.mixed(16);
        // Residuals of the zero-shot model as the "ensemble" to boost.
        Map<LabelledText, Double> residuals = new HashMap<>();
        float[][] base = new ClassifierLogits(classifier).base(train.stream().map(LabelledText::taskId).toList(),
                train.stream().map(LabelledText::text).toList());
        for (int n = 0; n < train.size(); n++) {
            residuals.put(train.get(n), ResidualObjective.residual(softmax(base[n])[train.get(n).label()]));
        }
        ResidualObjective objective = new ResidualObjective(residuals);

        List<LabelledText> batch = train.subList(0, 6);
        try (NDManager scope = DjlRuntime.newManager()) {
            LabelScores scores = classifier.score(scope, batch.stream().map(LabelledText::taskId).toList(),
                    classifier.tokenize(batch.stream().map(LabelledText::text).toList()), ProjectionAdaptation.NONE);
            float[][] rows = scores.taskLogits();
            double expected = 0;
            for (int n = 0; n < batch.size(); n++) {
                double centred = rows[n][batch.get(n).label()] - (rows[n][0] + rows[n][1]) / 2;
                double error = centred - residuals.get(batch.get(n));
                expected += error * error / batch.size();
            }
            assertThat(HostArrays.doubles(objective.loss(scores, batch))[0]).isCloseTo(expected, within(1e-4));
        }

        // The training examples double as the checkpoint set: this measures how well the objective is fitted.
        TrainingOutcome outcome = new LoraTrainer(classifier, SHORT.withEpochs(3).withLearningRate(5e-3))
                .train(LoraAdapter.initialise(SPEC, model.config()), train, train, objective);
        System.out.printf("residual objective on its training set: %.4f -> %.4f%n",
                outcome.epochs().get(0).validationLoss(), outcome.bestReport().validationLoss());
        assertThat(outcome.bestEpoch()).isPositive();
        assertThat(outcome.bestReport().validationLoss()).isLessThan(0.5 * outcome.epochs().get(0).validationLoss());
    }

    /** Twelve mixed-task training examples, ten validation examples, and the LoRA initialisation of SPEC. */
    private record MixedRun(PrototypeClassifier classifier, LoraAdapter start, List<LabelledText> train,
            List<LabelledText> validation) {

        static MixedRun create() {
            BaseModel model = TestModels.miniLm();
            return new MixedRun(TestTasks.classifier(model, 32), LoraAdapter.initialise(SPEC, model.config()),
                    TestTasks.mixed(12), TestTasks.amazon().subList(140, 150));
        }

        LoraAdapter lastEpoch(TrainingConfig config) {
            return new LoraTrainer(classifier, config).train(start, train, validation, new CrossEntropyObjective())
                    .last();
        }
    }

    private static double[] softmax(float[] z) {
        double max = Math.max(z[0], z[1]);
        double a = Math.exp(z[0] - max);
        double b = Math.exp(z[1] - max);
        return new double[] {a / (a + b), b / (a + b)};
    }
}
