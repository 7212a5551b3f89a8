package org.affinityensemble.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Collections;
import java.util.List;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.classify.PrototypeClassifier;
import org.affinityensemble.model.encoder.BaseModel;
import org.affinityensemble.model.infer.ClassifierLogits;
import org.affinityensemble.model.testing.TestModels;
import org.affinityensemble.model.testing.TestTasks;
import org.junit.jupiter.api.Test;

class BaselinesTest {

    @Test
    void zeroShotLogitsFromTheEmbeddingsAreTheFrozenClassifiers() {
        BaseModel model = TestModels.miniLm();
        PrototypeClassifier classifier = TestTasks.classifier(model, 32);
        List<String> texts = TestTasks.amazon().subList(0, 6).stream().map(LabelledText::text).toList();
        float[][] expected = new ClassifierLogits(classifier).base(Collections.nCopies(texts.size(),
                TestTasks.AMAZON), texts);
        double[][] actual = Baselines.logits(model.embed(texts, 32),
                classifier.prototypes().of(TestTasks.AMAZON), classifier.settings().scale());
        for (int i = 0; i < texts.size(); i++) {
            for (int l = 0; l < expected[i].length; l++) {
                assertThat(actual[i][l]).isCloseTo(expected[i][l], within(1e-3));
            }
        }
    }
}
