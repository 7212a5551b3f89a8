package org.affinityensemble.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.classify.ClassifierSettings;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.encoder.BaseModel;
import org.affinityensemble.model.encoder.MiniLmJar;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.train.TrainingConfig;
import org.affinityensemble.training.AdapterTrainer;
import org.affinityensemble.training.TaskClassifiers;
import org.affinityensemble.training.TaskData;
import org.junit.jupiter.api.Test;

/**
 * Where the trainer's adapters start ({@link AdapterTrainer}): the LoRA initialisation, or a given adapter, as
 * {@code bench accuracy --meta-init-epochs} gives it θ*. It runs here rather than in trainer-service, whose unit
 * tests share a JVM with its Quarkus tests, which load libtorch in another class loader.
 */
class AdapterStartTest {

    private static final LoraSpec LORA = new LoraSpec(4, 8, List.of("q", "v"), 5L);
    private static final String[] GOOD = {"a wonderful, moving film", "great acting and a clever plot",
        "I loved every minute", "superb and funny"};
    private static final String[] BAD = {"a dull, tedious mess", "terrible acting and no plot",
        "I hated every minute", "boring and far too long"};

    @Test
    void withAFrozenAGroupAdapterKeepsItsStartsAAndMovesB() throws Exception {
        try (BaseModel model = MiniLmJar.load()) {
            TaskClassifiers classifiers = new TaskClassifiers(model,
                    new ClassifierSettings(ClassifierSettings.DEFAULT_SCALE, 32));
            LoraAdapter init = LoraAdapter.initialise(LORA, model.config());
            float[] values = init.parameters();
            SplittableRandom random = new SplittableRandom(3);
            for (int i = 0; i < values.length; i++) {
                values[i] += (float) (0.02 * random.nextGaussian());
            }
            LoraAdapter start = init.withParameters(values);
            TrainingConfig frozenA = new TrainingConfig(1, 1e-3, 0.01, 4, 32, 1L, true);
            List<TaskData> task = List.of(task());

            LoraAdapter fromStart = new AdapterTrainer(classifiers, start, frozenA).trainGroup(task).last();
            LoraAdapter fromInit = new AdapterTrainer(classifiers, LORA, frozenA).trainGroup(task).last();

            for (int slot = 0; slot < init.layout().slots().size(); slot++) {
                assertThat(fromStart.a(slot)).as("A of slot %d from the start", slot).isEqualTo(start.a(slot));
                assertThat(fromStart.b(slot)).as("B of slot %d from the start", slot).isNotEqualTo(start.b(slot));
                assertThat(fromInit.a(slot)).as("A of slot %d from the initialisation", slot)
                        .isEqualTo(init.a(slot));
                assertThat(fromInit.b(slot)).as("B of slot %d from the initialisation", slot)
                        .isNotEqualTo(init.b(slot));
            }
        }
    }

    private static TaskData task() {
        List<LabelledText> examples = new ArrayList<>();
        for (int i = 0; i < GOOD.length; i++) {
            examples.add(new LabelledText("toy_sentiment", GOOD[i], 1));
            examples.add(new LabelledText("toy_sentiment", BAD[i], 0));
        }
        return new TaskData("toy_sentiment", 1, List.of("negative", "positive"), examples.subList(0, 6),
                examples.subList(6, 8), List.of());
    }
}
