package org.affinityensemble.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.classify.PrototypeClassifier;
import org.affinityensemble.model.encoder.BaseModel;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.testing.TestModels;
import org.affinityensemble.model.testing.TestTasks;
import org.junit.jupiter.api.Test;

/**
 * A training run killed after an epoch and started again resumes from its checkpoint and ends exactly where the
 * uninterrupted run ends: the same best and last adapters and label embeddings, bit for bit, the same best epoch and
 * validation losses (compared with a warm uninterrupted run, see below). Trainable label
 * embeddings included, on the real encoder and real sentences.
 */
class ResumedTrainingTest {

    /** Keeps the latest checkpoint in memory; can be told to fail (the process dies) after saving some epochs. */
    private static final class MemoryCheckpoints implements TrainingCheckpoints {
        private byte[] latest;
        private int saves;
        private final int killAfter;

        MemoryCheckpoints(int killAfter) {
            this.killAfter = killAfter;
        }

        @Override
        public Optional<byte[]> latest() {
            return Optional.ofNullable(latest);
        }

        @Override
        public void save(byte[] checkpoint) {
            latest = checkpoint;
            if (++saves == killAfter) {
                throw new IllegalStateException("killed after epoch " + saves);
            }
        }
    }

    @Test
    void aRunKilledAfterAnEpochResumesToTheUninterruptedResult() {
        BaseModel model = TestModels.miniLm();
        PrototypeClassifier classifier = TestTasks.classifier(model, 32);
        List<LabelledText> train = new ArrayList<>(TestTasks.amazon().subList(0, 24));
        train.addAll(TestTasks.imdb().subList(0, 16));
        List<LabelledText> validation = new ArrayList<>(TestTasks.amazon().subList(100, 112));
        validation.addAll(TestTasks.imdb().subList(40, 48));
        TrainingConfig config = new TrainingConfig(3, 2e-3, 0.01, 8, 32, 11L, false, 1e-2);
        LoraAdapter start = LoraAdapter.initialise(LoraSpec.defaults(), model.config());

        // libtorch's first pass over a tensor shape in a process may round differently from later ones, and AdamW
        // turns such a difference into one of up to the learning rate per step (seen: the first of ten repetitions in
        // a fresh JVM ended 0.035 away from the other nine, which agreed bit for bit). So the reference is a warm
        // run: the same training once before, over the same shapes.
        new LoraTrainer(classifier, config).train(start, train, validation, new CrossEntropyObjective());
        TrainingOutcome uninterrupted = new LoraTrainer(classifier, config).train(start, train, validation,
                new CrossEntropyObjective());
        MemoryCheckpoints checkpoints = new MemoryCheckpoints(2);
        assertThatThrownBy(() -> new LoraTrainer(classifier, config).train(start, train, validation,
                new CrossEntropyObjective(), checkpoints)).hasMessageContaining("killed after epoch 2");
        TrainingCheckpoint saved = TrainingCheckpoint.fromBytes(checkpoints.latest().orElseThrow());
        TrainingOutcome resumed = new LoraTrainer(classifier, config).train(start, train, validation,
                new CrossEntropyObjective(), checkpoints);

        assertThat(saved.epoch()).isEqualTo(2);
        assertThat(resumed.resumedFromEpoch()).isEqualTo(2);
        assertThat(uninterrupted.resumedFromEpoch()).isZero();
        assertThat(saved.session().labels()).as("label embeddings train and are saved").isNotEmpty();
        assertIdentical("last", resumed.last().parameters(), uninterrupted.last().parameters());
        assertIdentical("best", resumed.best().parameters(), uninterrupted.best().parameters());
        for (String task : uninterrupted.last().labelledTasks()) {
            float[][] resumedLabels = resumed.last().labels(task);
            float[][] expectedLabels = uninterrupted.last().labels(task);
            for (int row = 0; row < expectedLabels.length; row++) {
                assertIdentical(task + " label " + row, resumedLabels[row], expectedLabels[row]);
            }
        }
        assertThat(resumed.bestEpoch()).isEqualTo(uninterrupted.bestEpoch());
        assertThat(resumed.epochs()).hasSameSizeAs(uninterrupted.epochs());
        for (int epoch = 0; epoch < uninterrupted.epochs().size(); epoch++) {
            assertThat(resumed.epochs().get(epoch).validationLoss()).as("epoch %d", epoch)
                    .isEqualTo(uninterrupted.epochs().get(epoch).validationLoss());
        }
        assertThat(uninterrupted.last().parameters()).as("training moved the adapter")
                .isNotEqualTo(start.parameters());
    }

    @Test
    void aCheckpointOfOtherSettingsIsNotResumedFrom() {
        BaseModel model = TestModels.miniLm();
        PrototypeClassifier classifier = TestTasks.classifier(model, 32);
        List<LabelledText> train = TestTasks.amazon().subList(0, 16);
        List<LabelledText> validation = TestTasks.amazon().subList(100, 108);
        LoraAdapter start = LoraAdapter.initialise(LoraSpec.defaults(), model.config());
        TrainingConfig oneEpoch = new TrainingConfig(1, 2e-3, 0.01, 8, 32, 3L, false);
        MemoryCheckpoints checkpoints = new MemoryCheckpoints(-1);
        new LoraTrainer(classifier, oneEpoch).train(start, train, validation, new CrossEntropyObjective(), checkpoints);

        TrainingConfig otherSeed = new TrainingConfig(1, 2e-3, 0.01, 8, 32, 4L, false);
        new LoraTrainer(classifier, otherSeed).train(start, train, validation, new CrossEntropyObjective()); // warm
        TrainingOutcome fresh = new LoraTrainer(classifier, otherSeed).train(start, train, validation,
                new CrossEntropyObjective());
        TrainingOutcome withForeignCheckpoint = new LoraTrainer(classifier, otherSeed).train(start, train, validation,
                new CrossEntropyObjective(), checkpoints);

        assertIdentical("foreign checkpoint", withForeignCheckpoint.last().parameters(), fresh.last().parameters());
        assertThat(withForeignCheckpoint.epochs()).hasSize(2);
        assertThat(withForeignCheckpoint.resumedFromEpoch()).isZero();

        checkpoints.save(new byte[] {1, 2, 3});
        TrainingOutcome withBrokenCheckpoint = new LoraTrainer(classifier, otherSeed).train(start, train, validation,
                new CrossEntropyObjective(), checkpoints);
        assertIdentical("an unreadable checkpoint is not resumed from", withBrokenCheckpoint.last().parameters(),
                fresh.last().parameters());
    }

    /** Bit-identical float arrays; on a difference, how many values differ and by how much at most. */
    private static void assertIdentical(String what, float[] actual, float[] expected) {
        assertThat(actual.length).as(what).isEqualTo(expected.length);
        int differing = 0;
        double largest = 0;
        for (int i = 0; i < actual.length; i++) {
            if (Float.floatToIntBits(actual[i]) != Float.floatToIntBits(expected[i])) {
                differing++;
                largest = Math.max(largest, Math.abs(actual[i] - expected[i]));
            }
        }
        assertThat(differing).as("%s: %d of %d values differ, by up to %g", what, differing, actual.length, largest)
                .isZero();
    }
}
