package org.affinityensemble.bench.gradients;

import java.util.ArrayList;
import java.util.List;
import org.affinityensemble.events.LoraSpec;
import picocli.CommandLine.Option;

/**
 * Options of {@link GradientsBenchmark}: examples per batch, tokens per example (every example is cut to exactly
 * this length), timed examples per method, untimed warm-up batches per method, the LoRA configuration and the
 * projection dimension, and the model directory ({@code null}: the bundled MiniLM encoder).
 */
public record BenchmarkOptions(int batchSize, int maxLength, int examples, int warmupBatches, LoraSpec lora,
        int projectionDim, String modelDir) {

    public BenchmarkOptions {
        if (batchSize < 1 || maxLength < 8 || examples < batchSize || warmupBatches < 0 || projectionDim < 1) {
            throw new IllegalArgumentException("invalid benchmark options");
        }
    }

    /** Batch 16, 64 tokens, 64 examples, 1 warm-up batch, LoRA r=8 alpha=16 on q,k,v, d=400. */
    public static BenchmarkOptions defaults() {
        return new Spec().options();
    }

    /**
     * Parses {@code --batch-size=N --max-length=N --examples=N --warmup=N --rank=N --targets=q,k,v --dim=N
     * --model-dir=DIR}
     * (each optional) over the defaults; the LoRA alpha is twice the rank.
     *
     * @throws IllegalArgumentException on an unknown option, a value that does not parse, or invalid values
     */
    public static BenchmarkOptions parse(String[] args) {
        return BenchOptionsParser.populate(new Spec(), args).options();
    }

    /** The command line: an option per setting, each field initialised to its default. */
    private static final class Spec {

        @Option(names = "--batch-size", paramLabel = "N")
        int batchSize = 16;
        @Option(names = "--max-length", paramLabel = "N")
        int maxLength = 64;
        @Option(names = "--examples", paramLabel = "N")
        int examples = 64;
        @Option(names = "--warmup", paramLabel = "N")
        int warmup = 1;
        @Option(names = "--rank", paramLabel = "N")
        int rank = LoraSpec.defaults().rank();
        @Option(names = "--targets", split = ",", paramLabel = "MODULE")
        List<String> targets = new ArrayList<>(LoraSpec.defaults().targets());
        @Option(names = "--dim", paramLabel = "N")
        int dim = 400;
        @Option(names = "--model-dir", paramLabel = "DIR")
        String modelDir;
        private final long initSeed = LoraSpec.defaults().initSeed();

        BenchmarkOptions options() {
            return new BenchmarkOptions(batchSize, maxLength, examples, warmup,
                    new LoraSpec(rank, 2.0 * rank, targets, initSeed), dim, modelDir);
        }
    }
}
