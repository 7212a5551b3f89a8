package org.affinityensemble.model.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.affinityensemble.model.encoder.BaseModel;
import org.affinityensemble.model.encoder.ProjectionAdaptation;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.runtime.HostArrays;
import org.affinityensemble.model.testing.TestModels;
import org.affinityensemble.model.testing.TestTasks;
import org.junit.jupiter.api.Test;

/**
 * The prototype classifier and the per-example functions of its logits, against the same quantities computed in
 * Java from the frozen model's embeddings, on a batch mixing a 2-label and a 3-label task (padded label sets).
 */
class PrototypeClassifierTest {

    private static final String THREE_WAY = "sent_three";
    private static final List<String> THREE_LABELS = List.of("negative", "neutral", "positive");

    @Test
    void logitsAndTheirFunctionsMatchAJavaComputation() {
        BaseModel model = TestModels.miniLm();
        LabelPrototypes prototypes = LabelPrototypes.embed(model,
                List.of(new TaskLabels(TestTasks.AMAZON, TestTasks.LABELS), new TaskLabels(THREE_WAY, THREE_LABELS)),
                16);
        PrototypeClassifier classifier = new PrototypeClassifier(model, prototypes, new ClassifierSettings(20, 64));
        List<LabelledText> amazon = TestTasks.amazon();
        List<LabelledText> batch = List.of(amazon.get(0), new LabelledText(THREE_WAY, amazon.get(1).text(), 2),
                amazon.get(2), new LabelledText(THREE_WAY, amazon.get(3).text(), 1));
        List<String> tasks = batch.stream().map(LabelledText::taskId).toList();
        int[] labels = batch.stream().mapToInt(LabelledText::label).toArray();
        float[][] embeddings = model.embed(batch.stream().map(LabelledText::text).toList(), 64);

        try (NDManager scope = DjlRuntime.newManager()) {
            LabelScores scores = classifier.score(scope, tasks,
                    classifier.tokenize(batch.stream().map(LabelledText::text).toList()), ProjectionAdaptation.NONE);
            float[][] logits = scores.taskLogits();
            double[] logOdds = HostArrays.doubles(scores.logOdds(labels, 1e-6));
            double[] crossEntropy = HostArrays.doubles(scores.crossEntropy(labels));
            double[] centred = HostArrays.doubles(scores.centredCorrectLogit(labels));

            for (int n = 0; n < batch.size(); n++) {
                float[][] taskPrototypes = prototypes.of(tasks.get(n));
                assertThat(logits[n]).hasSize(taskPrototypes.length);
                double[] expected = new double[taskPrototypes.length];
                for (int l = 0; l < expected.length; l++) {
                    expected[l] = 20 * dot(embeddings[n], taskPrototypes[l]);
                    assertThat(logits[n][l]).isCloseTo((float) expected[l], within(1e-4f));
                }
                double[] p = softmax(expected);
                int y = labels[n];
                assertThat(logOdds[n]).isCloseTo(Math.log(p[y] / (1 - p[y])), within(1e-4));
                assertThat(crossEntropy[n]).isCloseTo(-Math.log(p[y]), within(1e-4));
                double mean = java.util.Arrays.stream(expected).average().orElseThrow();
                assertThat(centred[n]).isCloseTo(expected[y] - mean, within(1e-4));
            }
        }
    }

    @Test
    void logOddsAreClippedWhereTheProbabilityLeavesTheClipRange() {
        BaseModel model = TestModels.miniLm();
        PrototypeClassifier classifier = TestTasks.classifier(model, 64);
        List<LabelledText> batch = TestTasks.amazon().subList(0, 6);
        int[] labels = batch.stream().mapToInt(LabelledText::label).toArray();
        try (NDManager scope = DjlRuntime.newManager()) {
            LabelScores scores = classifier.score(scope, batch.stream().map(LabelledText::taskId).toList(),
                    classifier.tokenize(batch.stream().map(LabelledText::text).toList()), ProjectionAdaptation.NONE);
            double[] unclipped = HostArrays.doubles(scores.logOdds(labels, 1e-6));
            double bound = Math.log(0.6 / 0.4);
            double[] clipped = HostArrays.doubles(scores.logOdds(labels, 0.4));
            boolean someClipped = false;
            for (int n = 0; n < labels.length; n++) {
                double expected = Math.max(-bound, Math.min(bound, unclipped[n]));
                assertThat(clipped[n]).isCloseTo(expected, within(1e-6));
                someClipped |= Math.abs(unclipped[n]) > bound;
            }
            assertThat(someClipped).isTrue();
        }
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    private static double[] softmax(double[] z) {
        double max = java.util.Arrays.stream(z).max().orElseThrow();
        double[] p = new double[z.length];
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            p[i] = Math.exp(z[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < z.length; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
