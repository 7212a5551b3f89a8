package org.affinityensemble.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.classify.PrototypeClassifier;
import org.affinityensemble.model.encoder.BaseModel;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.testing.TestModels;
import org.affinityensemble.model.testing.TestTasks;
import org.junit.jupiter.api.Test;

/** LoRA training on real sentences of two tasks mixed in every batch. */
class LoraTrainerTest {

    @Test
    void trainingOnRealTasksRaisesValidationAccuracy() {
        BaseModel model = TestModels.miniLm();
        PrototypeClassifier classifier = TestTasks.classifier(model, 48);
        List<LabelledText> amazon = TestTasks.amazon();
        List<LabelledText> imdb = TestTasks.imdb();
        List<LabelledText> train = new ArrayList<>(amazon.subList(0, 100));
        train.addAll(imdb.subList(0, 40));
        List<LabelledText> validation = new ArrayList<>(amazon.subList(100, 150));
        validation.addAll(imdb.subList(40, 60));
        TrainingConfig config = new TrainingConfig(3, 2e-3, 0.01, 16, 48, 7L, false);

        long started = System.nanoTime();
        TrainingOutcome outcome = new LoraTrainer(classifier, config)
                .train(LoraAdapter.initialise(LoraSpec.defaults(), model.config()), train, validation,
                        new CrossEntropyObjective());
        double seconds = (System.nanoTime() - started) / 1e9;

        for (EpochReport report : outcome.epochs()) {
            System.out.printf("epoch %d: train loss %.4f, validation accuracy %.3f %s, validation loss %.4f, "
                    + "steps %d, skipped %d%n", report.epoch(), report.trainLoss(), report.validationAccuracy(),
                    report.validationAccuracyByTask(), report.validationLoss(), report.steps(), report.skippedSteps());
        }
        System.out.printf("training took %.1f s%n", seconds);
        EpochReport zeroShot = outcome.epochs().get(0);
        assertThat(outcome.skippedSteps()).isZero();
        assertThat(outcome.bestReport().validationAccuracy()).isGreaterThan(zeroShot.validationAccuracy() + 0.05);
        assertThat(outcome.epochs().get(3).validationLoss()).isLessThan(zeroShot.validationLoss());
    }
}
