package org.affinityensemble.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.affinityensemble.bench.BenchModels;
import org.affinityensemble.bench.faults.ServingUnderLoad;
import org.affinityensemble.devstack.DevStack;
import org.affinityensemble.model.task.LanguageModel;
import org.junit.jupiter.api.Test;

/**
 * Twenty seconds of concurrent classify load on two packaged inference-service instances across a version swap and
 * the stop (SIGTERM) and restart of one of them: no request fails (a 503 saying no version is loaded yet is the one
 * documented refusal), and both versions are served. {@code bin/ensemble bench faults --own-stack} runs the same
 * scenario for 60 s.
 */
class ServingUnderLoadIT {

    @Test
    void noRequestFailsAcrossAVersionSwapAndAnInstanceRestart() throws Exception {
        Path repository = Path.of("").toAbsolutePath().getParent(); // failsafe runs in ensemble-system-tests/
        Path logs = Files.createDirectories(Path.of("target", "serving-under-load-it"));
        try (LanguageModel model = BenchModels.load(null)) {
            ServingUnderLoad.Figures figures = new ServingUnderLoad().run(DevStack.shared().endpoints(), model,
                    repository.resolve("inference-service/target/quarkus-app"), Duration.ofSeconds(20), 4, logs);

            System.out.println(figures.report());
            figures.failures().stream().limit(10).forEach(failure -> System.out.println("  " + failure));
            assertThat(figures.errors()).as("failed requests: %s", figures.failures()).isZero();
            assertThat(figures.ok()).as("answered requests").isGreaterThan(20);
            assertThat(figures.versionsServed()).containsExactlyInAnyOrder(1L, 2L);
        }
    }
}
