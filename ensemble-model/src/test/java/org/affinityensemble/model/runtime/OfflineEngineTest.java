package org.affinityensemble.model.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.affinityensemble.model.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine and the tokenizer load with no network: a fresh JVM with an empty DJL_CACHE_DIR, every proxy lookup
 * recorded and routed to a closed port, must still run PyTorch 2.5.1 (unpacked from the native jar into the new
 * cache) and the tokenizer, and must not have asked for a single URL. It also checks that libtorch's OpenMP
 * runtime was loaded with passive waiting (DjlRuntime sets it before the engine loads).
 */
class OfflineEngineTest {

    @Test
    void engineAndTokenizerLoadFromTheJarsWithoutAnyNetworkLookup(@TempDir Path cache) throws Exception {
        ChildJvm.Result result = ChildJvm.run(OfflineEngineProbe.class,
                List.of("-DDJL_CACHE_DIR=" + cache, "-DENGINE_CACHE_DIR=" + cache), List.of());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("engine=PyTorch", "version=2.5.1", "offline=true", "sum=54.0",
                "tokens=6", "lookups=0 []",
                "ompWaitPolicy=PASSIVE");
        try (Stream<Path> files = Files.walk(cache)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("libtorch was unpacked into the fresh cache")
                    .contains("libtorch_cpu.so");
        }
    }
}
