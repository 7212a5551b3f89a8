package org.affinityensemble.bench.gradients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.affinityensemble.events.LoraSpec;
import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {

    @Test
    void noOptionsAreTheDefaults() {
        BenchmarkOptions o = BenchmarkOptions.parse(new String[0]);
        assertThat(o).isEqualTo(BenchmarkOptions.defaults());
        assertThat(o.batchSize()).isEqualTo(16);
        assertThat(o.maxLength()).isEqualTo(64);
        assertThat(o.examples()).isEqualTo(64);
        assertThat(o.warmupBatches()).isEqualTo(1);
        assertThat(o.lora()).isEqualTo(LoraSpec.defaults());
        assertThat(o.projectionDim()).isEqualTo(400);
    }

    @Test
    void optionsOverrideTheDefaults() {
        BenchmarkOptions o = BenchmarkOptions.parse(new String[] {"--batch-size=4", "--max-length=32",
                "--examples=8", "--warmup=0", "--rank=2", "--targets=q,v", "--dim=100", "--batch-size=2"});
        assertThat(o.batchSize()).as("the last of a repeated option").isEqualTo(2);
        assertThat(o.maxLength()).isEqualTo(32);
        assertThat(o.examples()).isEqualTo(8);
        assertThat(o.warmupBatches()).isZero();
        assertThat(o.lora().rank()).isEqualTo(2);
        assertThat(o.lora().alpha()).isEqualTo(4.0);
        assertThat(o.lora().targets()).containsExactly("q", "v");
        assertThat(o.lora().initSeed()).isEqualTo(LoraSpec.defaults().initSeed());
        assertThat(o.projectionDim()).isEqualTo(100);
        assertThat(BenchmarkOptions.parse(new String[] {"--dim", "200"}).projectionDim()).isEqualTo(200);
    }

    @Test
    void badOptionsAreRejected() {
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--batchsize=4"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option --batchsize");
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"batch-size=4"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected --name=value");
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--dim"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--name=value")
                .hasMessageContaining("--dim");
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--examples=many"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--examples");
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--examples=8", "--batch-size=16"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid benchmark options");
    }
}
