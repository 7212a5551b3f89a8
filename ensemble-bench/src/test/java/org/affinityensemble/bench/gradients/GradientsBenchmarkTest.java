package org.affinityensemble.bench.gradients;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.affinityensemble.bench.BenchModels;
import org.affinityensemble.model.decoder.DecoderArchitecture;
import org.affinityensemble.model.decoder.TinyDecoders;
import org.affinityensemble.model.task.LanguageModel;
import org.affinityensemble.model.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark runs end to end at a tiny size and reports every figure the CLI expects (no speed asserted). */
class GradientsBenchmarkTest {

    @Test
    void reportsEveryFigureAsKeyValueLines() {
        BenchmarkOptions options = BenchmarkOptions.parse(
                new String[] {"--batch-size=2", "--max-length=16", "--examples=4", "--warmup=0", "--rank=2"});
        assertThat(options.lora().rank()).isEqualTo(2);

        GradientsBenchmarkResult result = GradientsBenchmark.run(TestModels.miniLm(), options);

        assertThat(result.batchedExamplesPerSecond()).isPositive();
        assertThat(result.loopExamplesPerSecond()).isPositive();
        assertThat(result.trainStepExamplesPerSecond()).isPositive();
        List<String> keys = result.lines().stream().filter(l -> !l.startsWith("#")).map(l -> l.split("=")[0]).toList();
        assertThat(keys).containsExactly("gradients_batched_ex_per_s", "gradients_loop_ex_per_s",
                "train_step_ex_per_s", "batched_vs_loop", "batched_vs_train_step", "projection_ex_per_s");
        assertThat(BenchmarkTexts.text(3, 16).split(" ")).hasSizeGreaterThanOrEqualTo(16);
    }

    @Test
    void runsTheSameMethodsOnADecoderModelDirectory(@TempDir Path temp) throws Exception {
        Path directory = temp.resolve("tiny-mistral");
        TinyDecoders.write(DecoderArchitecture.MISTRAL, directory, 3L, 1);
        BenchmarkOptions options = BenchmarkOptions.parse(new String[] {"--batch-size=2", "--max-length=16",
                "--examples=4", "--warmup=0", "--rank=2", "--model-dir=" + directory});
        try (LanguageModel model = BenchModels.load(options.modelDir())) {
            GradientsBenchmarkResult result = GradientsBenchmark.run(model, options);
            assertThat(result.batchedExamplesPerSecond()).isPositive();
            assertThat(result.trainStepExamplesPerSecond()).isPositive();
            assertThat(result.lines()).anyMatch(line -> line.startsWith("# model=tiny-mistral (MistralForCausalLM)"));
        }
    }
}
