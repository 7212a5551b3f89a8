package org.affinityensemble.model.lora;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.encoder.AttentionModule;
import org.affinityensemble.model.encoder.BertConfig;
import org.junit.jupiter.api.Test;

/** The canonical layout and PEFT-style initialisation of LoRA parameters. */
class LoraAdapterTest {

    private static final BertConfig MINILM = BertConfig.allMiniLmL6V2();

    @Test
    void layoutOrdersByLayerThenQkvoThenAThenB() {
        LoraSpec spec = new LoraSpec(4, 8, List.of("o", "q"), 1L);
        LoraLayout layout = LoraLayout.of(MINILM, spec);

        assertThat(layout.slots()).hasSize(12);
        assertThat(layout.slots().get(0)).isEqualTo(new LoraSlot(0, AttentionModule.Q, 384, 384));
        assertThat(layout.slots().get(1)).isEqualTo(new LoraSlot(0, AttentionModule.O, 384, 384));
        assertThat(layout.slots().get(2)).isEqualTo(new LoraSlot(1, AttentionModule.Q, 384, 384));
        assertThat(layout.aOffset(0)).isZero();
        assertThat(layout.bOffset(0)).isEqualTo(384 * 4);
        assertThat(layout.aOffset(1)).isEqualTo(2 * 384 * 4);
        assertThat(layout.indexOf(1, AttentionModule.O)).isEqualTo(3);
        assertThat(layout.indexOf(1, AttentionModule.V)).isEqualTo(-1);
        assertThat(layout.parameterCount()).isEqualTo(12L * 2 * 384 * 4);
    }

    @Test
    void initialisationIsSeededUniformOnPlusMinusOneOverRootInWithBZero() {
        LoraSpec spec = LoraSpec.defaults();
        LoraAdapter adapter = LoraAdapter.initialise(spec, MINILM);
        LoraAdapter again = LoraAdapter.initialise(spec, MINILM);
        LoraAdapter otherSeed = LoraAdapter.initialise(new LoraSpec(8, 16, spec.targets(), 18L), MINILM);

        assertThat(adapter.parameters()).isEqualTo(again.parameters());
        assertThat(adapter.parameters()).isNotEqualTo(otherSeed.parameters());
        double bound = 1 / Math.sqrt(384);
        double sum = 0;
        double sumSquares = 0;
        int count = 0;
        for (int slot = 0; slot < adapter.layout().slots().size(); slot++) {
            assertThat(adapter.b(slot)).containsOnly(0f);
            for (float a : adapter.a(slot)) {
                assertThat(Math.abs(a)).isLessThanOrEqualTo((float) bound);
                sum += a;
                sumSquares += a * a;
                count++;
            }
        }
        // Uniform on ±b: mean 0 (σ of the mean b/√(3n)), variance b²/3.
        assertThat(Math.abs(sum / count)).isLessThan(4 * bound / Math.sqrt(3.0 * count));
        assertThat(sumSquares / count).isCloseTo(bound * bound / 3, org.assertj.core.data.Percentage.withPercentage(2));
        assertThat(adapter.scaling()).isEqualTo(2.0);
    }
}
