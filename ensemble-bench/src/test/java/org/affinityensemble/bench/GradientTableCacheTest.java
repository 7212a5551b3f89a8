package org.affinityensemble.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.gradient.ProjectedGradient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cached gradient table comes back as stored, under its key and for the same examples only. */
class GradientTableCacheTest {

    private static final List<BenchmarkExample> EXAMPLES = List.of(
            new BenchmarkExample("s1", new LabelledText("t", "one", 0), false),
            new BenchmarkExample("s2", new LabelledText("t", "two", 1), true));

    @TempDir
    Path directory;

    @Test
    void aStoredTableLoadsUnderItsKeyForTheSameExamples() throws Exception {
        GradientTable table = GradientTable.of(3, EXAMPLES, List.of(new ProjectedGradient(0.5, new float[] {1, 2, 3}),
                new ProjectedGradient(-1.25, new float[] {-4, 5.5f, 6})), 12.5);
        GradientTableCache cache = new GradientTableCache(directory);
        cache.store("key", table);

        GradientTable loaded = cache.load("key", EXAMPLES).orElseThrow();
        assertThat(loaded.seconds()).isEqualTo(12.5);
        assertThat(loaded.maxDim()).isEqualTo(3);
        assertThat(loaded.f0(1)).isEqualTo(-1.25);
        assertThat(loaded.rows(3)).isDeepEqualTo(table.rows(3));

        assertThat(cache.load("another key", EXAMPLES)).isEmpty();
        assertThat(cache.load("key", List.of(EXAMPLES.get(1), EXAMPLES.get(0)))).as("other examples").isEmpty();
        assertThat(cache.load("key", EXAMPLES.subList(0, 1))).isEmpty();
    }
}
