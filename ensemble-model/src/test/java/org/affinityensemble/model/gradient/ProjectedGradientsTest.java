package org.affinityensemble.model.gradient;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.events.ProjectionSpec;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.encoder.BaseModel;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.runtime.HostArrays;
import org.affinityensemble.model.testing.TestModels;
import org.affinityensemble.model.testing.TestTasks;
import org.junit.jupiter.api.Test;

/** Projected per-example gradients of real sentences at the LoRA initialisation, as a gradient worker makes them. */
class ProjectedGradientsTest {

    /**
     * Johnson–Lindenstrauss on real gradients: for a ±1/√d projection, E‖Pᵀg‖² = ‖g‖² and
     * Var(‖Pᵀg‖²/‖g‖²) = (2/d)(1 − Σg_i⁴/‖g‖⁴) ≤ 2/d, so the norm ratio has standard deviation at most
     * 1/√(2d) ≈ 0.035 for d = 400. The bound 3/√d = 0.15 is 4.2 of those standard deviations (Achlioptas' tail
     * bound 2·exp(−(d/2)(ε²/2 − ε³/3)) on the squared ratio gives 0.4% per vector at ε = 0.28), and the mean
     * squared ratio over n vectors stays within 4·√(2/(d·n)) of 1.
     */
    @Test
    void projectionPreservesTheNormsOfRealGradients() {
        BaseModel model = TestModels.miniLm();
        LoraSpec lora = LoraSpec.defaults();
        ProjectionSpec spec = ProjectedGradients.spec(model, lora, 64, 99L, 400);
        // The worker tokenizes to the spec's length (64) whatever the classifier was built with.
        ProjectedGradients worker = ProjectedGradients.forSpec(TestTasks.classifier(model, 128), spec, 1e-6, 8, false);
        PerExampleGradients gradients = new PerExampleGradients(TestTasks.classifier(model, 64), 1e-6);
        LoraAdapter init = LoraAdapter.initialise(lora, model.config());
        List<LabelledText> examples = TestTasks.mixed(12);

        List<ProjectedGradient> projected = worker.compute(init, examples);

        assertThat(spec.parameterCount()).isEqualTo(6L * 3 * 2 * 384 * 8);
        assertThat(projected).hasSize(examples.size());
        double meanSquaredRatio = 0;
        double worst = 0;
        for (int from = 0; from < examples.size(); from += 8) {
            List<LabelledText> batch = examples.subList(from, from + 8);
            try (NDManager scope = DjlRuntime.newManager()) {
                GradientMatrix matrix = gradients.batched(scope, init, batch);
                float[][] raw = HostArrays.rows(matrix.gradients());
                for (int n = 0; n < batch.size(); n++) {
                    ProjectedGradient p = projected.get(from + n);
                    assertThat(p.f0()).isEqualTo(matrix.f0()[n]);
                    assertThat(p.projected()).hasSize(400);
                    double ratio = norm(p.projected()) / norm(raw[n]);
                    meanSquaredRatio += ratio * ratio / examples.size();
                    worst = Math.max(worst, Math.abs(ratio - 1));
                }
            }
        }
        System.out.printf("JL on %d real gradients (d=400): max |ratio-1| = %.4f, mean squared ratio = %.4f%n",
                examples.size(), worst, meanSquaredRatio);
        assertThat(worst).isLessThanOrEqualTo(3 / Math.sqrt(400));
        assertThat(Math.abs(meanSquaredRatio - 1)).isLessThanOrEqualTo(4 * Math.sqrt(2.0 / (400 * examples.size())));
    }

    @Test
    void aWorkerRefusesASpecOfAnotherModelOrLayout() {
        BaseModel model = TestModels.miniLm();
        ProjectionSpec otherModel = new ProjectionSpec("other/model", LoraSpec.defaults(), 64, 1L, 400,
                6L * 3 * 2 * 384 * 8);
        ProjectionSpec otherCount = new ProjectionSpec(model.modelId(), LoraSpec.defaults(), 64, 1L, 400, 1000L);
        var classifier = TestTasks.classifier(model, 64);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProjectedGradients.forSpec(classifier, otherModel, 1e-6, 8, false))
                .hasMessageContaining("other/model");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProjectedGradients.forSpec(classifier, otherCount, 1e-6, 8, false))
                .hasMessageContaining("1000");
    }

    private static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        return Math.sqrt(sum);
    }
}
