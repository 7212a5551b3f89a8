package org.affinityensemble.model.train;

import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.classify.PrototypeClassifier;
import org.affinityensemble.model.encoder.BaseModel;
import org.affinityensemble.model.infer.ClassifierLogits;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.testing.TestModels;
import org.affinityensemble.model.testing.TestTasks;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Trainable per-task label embeddings (issue #19): they start at the prototypes and move only when trained. */
class LabelEmbeddingTrainingTest {

    private static final LoraSpec SPEC = new LoraSpec(4, 8, List.of("q", "v"), 3L);
    private static final TrainingConfig SHORT = new TrainingConfig(1, 2e-3, 0.01, 8, 32, 5L, true);

    @Test
    void labelEmbeddingsAtThePrototypesPredictAsTheFrozenClassifier() {
        BaseModel model = TestModels.miniLm();
        PrototypeClassifier classifier = TestTasks.classifier(model, 32);
        LoraAdapter init = LoraAdapter.initialise(SPEC, model.config());
        Map<String, float[][]> atPrototypes = new LinkedHashMap<>();
        for (String task : classifier.prototypes().taskIds()) {
            float[][] prototypes = classifier.prototypes().of(task);
            // any positive length: the classifier normalises them
            for (float[] row : prototypes) {
                for (int j = 0; j < row.length; j++) {
                    row[j] *= 3;
                }
            }
            atPrototypes.put(task, prototypes);
        }
        List<LabelledText> examples = TestTasks.mixed(4);
        List<String> tasks = examples.stream().map(LabelledText::taskId).toList();
        List<String> texts = examples.stream().map(LabelledText::text).toList();
        ClassifierLogits logits = new ClassifierLogits(classifier);

        float[][] zeroShot = logits.base(tasks, texts);
        float[][] withLabels = logits.adapter(tasks, texts, init.withLabels(atPrototypes));

        for (int n = 0; n < zeroShot.length; n++) {
            for (int l = 0; l < zeroShot[n].length; l++) {
                assertThat((double) withLabels[n][l]).isCloseTo(zeroShot[n][l], within(1e-4));
            }
        }
    }

    @Test
    void trainingMovesTheLabelEmbeddingsOnlyWhenTheyHaveALearningRate() {
        BaseModel model = TestModels.miniLm();
        PrototypeClassifier classifier = TestTasks.classifier(model, 32);
        LoraAdapter init = LoraAdapter.initialise(SPEC, model.config());
        List<LabelledText> train = TestTasks.mixed(12);
        List<LabelledText> validation = TestTasks.amazon().subList(140, 150);

        LoraAdapter frozen = new LoraTrainer(classifier, SHORT).train(init, train, validation,
                new CrossEntropyObjective()).last();
        LoraAdapter trained = new LoraTrainer(classifier, SHORT.withLabelLearningRate(1e-2)).train(init, train,
                validation, new CrossEntropyObjective()).last();

        assertThat(frozen.labelledTasks()).isEmpty();
        assertThat(trained.labelledTasks()).containsExactlyInAnyOrderElementsOf(classifier.prototypes().taskIds());
        for (String task : trained.labelledTasks()) {
            assertThat(trained.labels(task)[0]).isNotEqualTo(classifier.prototypes().of(task)[0]);
        }
        // the LoRA part trains as before; the label embeddings change the gradients it sees from the second step on
        assertThat(trained.parameters()).isNotEqualTo(init.parameters());
        // a later run from the trained adapter starts from its label embeddings
        LoraAdapter again = new LoraTrainer(classifier, SHORT.withLabelLearningRate(1e-12)).train(trained, train,
                validation, new CrossEntropyObjective()).last();
        for (String task : trained.labelledTasks()) {
            for (int l = 0; l < trained.labels(task).length; l++) {
                float[] before = trained.labels(task)[l];
                float[] after = again.labels(task)[l];
                for (int j = 0; j < before.length; j++) {
                    assertThat((double) after[j]).isCloseTo(before[j], within(1e-6));
                }
            }
        }
    }
}
