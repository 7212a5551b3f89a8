package org.affinityensemble.bench.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServeOptionsTest {

    @Test
    void noOptionsAreTheDefaults() {
        ServeOptions o = ServeOptions.parse(new String[0]);
        assertThat(o).isEqualTo(ServeOptions.defaults());
        assertThat(o.concurrency()).isEqualTo(8);
        assertThat(o.textsPerRequest()).isEqualTo(1);
        assertThat(o.requests()).isEqualTo(384);
        assertThat(o.warmupRequests()).isEqualTo(32);
        assertThat(o.rounds()).isEqualTo(3);
        assertThat(o.adapters()).isEqualTo(2);
        assertThat(o.maxLength()).isEqualTo(64);
        assertThat(o.app()).endsWithRaw(Path.of("target", "quarkus-app"));
        assertThat(o.serviceJvmOptions()).containsExactly("-Xmx1g");
        assertThat(o.warmupSeconds()).isEqualTo(30);
    }

    @Test
    void optionsOverrideTheDefaults() {
        ServeOptions o = ServeOptions.parse(new String[] {"--concurrency=2", "--texts-per-request=4",
                "--requests=10", "--warmup=0", "--rounds=1", "--adapters=3", "--max-length=32", "--app=/opt/app",
                "--service-jvm-options=-Xmx2g,-XX:+UseParallelGC", "--warmup-seconds=5", "--model-dir=/models/tiny"});
        assertThat(o).isEqualTo(new ServeOptions(2, 4, 10, 0, 1, 3, 32, Path.of("/opt/app"),
                List.of("-Xmx2g", "-XX:+UseParallelGC"), 5, "/models/tiny"));
    }

    @Test
    void badOptionsAreRejected() {
        assertThatThrownBy(() -> ServeOptions.parse(new String[] {"--clients=4"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option --clients");
        assertThatThrownBy(() -> ServeOptions.parse(new String[] {"--rounds=two"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--rounds");
        assertThatThrownBy(() -> ServeOptions.parse(new String[] {"--concurrency=8", "--requests=4"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid benchmark options");
    }
}
