package org.affinityensemble.model.gradient;

import ai.djl.ndarray.NDManager;

import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.events.ProjectionSpec;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.classify.PrototypeClassifier;
import org.affinityensemble.model.encoder.BaseModel;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.runtime.HostArrays;
import org.affinityensemble.model.testing.TestModels;
import org.affinityensemble.model.testing.TestTasks;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Per-example gradients with respect to trained label embeddings (issue #19). */
class LabelGradientsTest {

    private static final LoraSpec SPEC = new LoraSpec(4, 8, List.of("q", "v"), 5L);

    @Test
    void eachExampleGetsItsOwnTasksLabelGradientAsIfAloneAndTheLoraPartIsUnchanged() {
        BaseModel model = TestModels.miniLm();
        PrototypeClassifier classifier = TestTasks.classifier(model, 48);
        PerExampleGradients plain = new PerExampleGradients(classifier, 1e-6, true);
        PerExampleGradients withLabels = new PerExampleGradients(classifier, 1e-6, true, 2.0);
        LoraAdapter adapter = TestTasks.awayFromInit(SPEC, model, 0.05, 11);
        List<LabelledText> batch = TestTasks.mixed(3);
        try (NDManager scope = DjlRuntime.newManager()) {
            GradientMatrix without = plain.batched(scope, adapter, batch);
            GradientMatrix with = withLabels.batched(scope, adapter, batch);
            assertThat(without.labelGradients()).isNull();
            float[][] loraWithout = HostArrays.rows(without.gradients());
            float[][] loraWith = HostArrays.rows(with.gradients());
            float[] labelRows = with.labelGradients().toFloatArray();
            int perRow = labelRows.length / batch.size();
            for (int n = 0; n < batch.size(); n++) {
                assertThat(with.f0()[n]).isCloseTo(without.f0()[n], within(1e-4));
                for (int j = 0; j < loraWith[n].length; j += 97) {
                    assertThat((double) loraWith[n][j]).isCloseTo(loraWithout[n][j], within(1e-5));
                }
                GradientMatrix alone = withLabels.batched(scope, adapter, batch.subList(n, n + 1));
                float[] aloneRow = alone.labelGradients().toFloatArray();
                double norm = 0;
                for (int j = 0; j < aloneRow.length; j++) {
                    assertThat((double) labelRows[n * perRow + j]).isCloseTo(aloneRow[j], within(1e-5));
                    norm += aloneRow[j] * aloneRow[j];
                }
                assertThat(norm).as("example %d's label gradient", n).isGreaterThan(0);
            }
        }
    }

    @Test
    void theProjectionAddsEachTasksLabelBlock() {
        BaseModel model = TestModels.miniLm();
        PrototypeClassifier classifier = TestTasks.classifier(model, 48);
        LoraAdapter adapter = TestTasks.awayFromInit(SPEC, model, 0.05, 11);
        ProjectionSpec spec = ProjectedGradients.spec(model, SPEC, 48, 42L, 64);
        List<LabelledText> examples = TestTasks.mixed(2);
        List<ProjectedGradient> plain = ProjectedGradients.forSpec(classifier, spec, 1e-6, 4, true)
                .compute(adapter, examples);
        List<ProjectedGradient> with = ProjectedGradients.forSpec(classifier, spec, 1e-6, 4, true, 1.0)
                .compute(adapter, examples);
        PerExampleGradients labels = new PerExampleGradients(classifier.withMaxLength(48), 1e-6, true, 1.0);
        RademacherProjection projection = RademacherProjection.of(spec);
        for (int n = 0; n < examples.size(); n++) {
            LabelledText example = examples.get(n);
            try (NDManager scope = DjlRuntime.newManager()) {
                float[] g = labels.batched(scope, adapter, List.of(example)).labelGradients().toFloatArray();
                double[] block = projection.forBlock("labels/" + example.taskId(), g.length).projectExactly(g);
                for (int j = 0; j < block.length; j++) {
                    assertThat((double) with.get(n).projected()[j] - plain.get(n).projected()[j])
                            .isCloseTo(block[j], within(2e-4));
                }
            }
        }
    }
}
