package org.affinityensemble.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.events.ProjectionSpec;
import org.affinityensemble.model.encoder.BertConfig;
import org.affinityensemble.model.gradient.RademacherProjection;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.LoraLayout;
import org.junit.jupiter.api.Test;

/**
 * θ0 + P·w must be the update the surrogate's w stands for: for any gradient g, gᵀ(P·w) = (Pᵀg)ᵀw, with Pᵀg
 * computed by the projection's own reference path ({@link RademacherProjection#projectExactly}), at the full
 * dimension and at a smaller d read from the leading columns as {@link GradientTable#source(int)} does.
 */
class ModelReadoutTest {

    private static final BertConfig CONFIG = BertConfig.allMiniLmL6V2();
    private static final LoraSpec LORA = LoraSpec.defaults();

    @Test
    void theUpdateIsTheParameterStepWhoseProjectionTheSurrogateFitted() {
        long parameters = LoraLayout.of(CONFIG, LORA).parameterCount();
        ProjectionSpec spec = new ProjectionSpec("m", LORA, 64, 42L, 64, parameters);
        LoraAdapter initialisation = LoraAdapter.initialise(LORA, CONFIG);
        SplittableRandom random = new SplittableRandom(5);
        float[] g = new float[(int) parameters];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) random.nextGaussian();
        }
        double[] projectedG = RademacherProjection.of(spec).projectExactly(g);
        for (int d : new int[] {64, 16}) {
            double[] w = new double[d];
            for (int c = 0; c < d; c++) {
                w[c] = random.nextGaussian() * 1e-3;
            }
            float[] before = initialisation.parameters();
            float[] after = ModelReadout.update(initialisation, spec, w).parameters();
            double step = 0;
            for (int i = 0; i < g.length; i++) {
                step += (double) g[i] * ((double) after[i] - before[i]);
            }
            double scale = Math.sqrt(64.0 / d); // the leading d columns of the 64-column projection, rescaled
            double expected = 0;
            for (int c = 0; c < d; c++) {
                expected += projectedG[c] * scale * w[c];
            }
            assertThat(step).as("d=%d", d).isCloseTo(expected, org.assertj.core.data.Offset.offset(
                    2e-3 * Math.abs(expected) + 1e-6));
            assertThat(expected).isNotZero();
        }
    }

    @Test
    void wLongerThanTheProjectionIsRefused() {
        long parameters = LoraLayout.of(CONFIG, LORA).parameterCount();
        ProjectionSpec spec = new ProjectionSpec("m", LORA, 64, 42L, 8, parameters);
        assertThatThrownBy(() -> ModelReadout.update(LoraAdapter.initialise(LORA, CONFIG), spec, new double[9]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
