package org.affinityensemble.model.bench;

import org.affinityensemble.events.LoraSpec;

import java.util.List;

/**
 * Options of {@link GradientsBenchmark}: examples per batch, tokens per example (every example is cut to exactly
 * this length), timed examples per method, untimed warm-up batches per method, the LoRA configuration and the
 * projection dimension.
 */
public record BenchmarkOptions(int batchSize, int maxLength, int examples, int warmupBatches, LoraSpec lora,
        int projectionDim) {

    public BenchmarkOptions {
        if (batchSize < 1 || maxLength < 8 || examples < batchSize || warmupBatches < 0 || projectionDim < 1) {
            throw new IllegalArgumentException("invalid benchmark options");
        }
    }

    /** Batch 16, 64 tokens, 64 examples, 1 warm-up batch, LoRA r=8 alpha=16 on q,k,v, d=400. */
    public static BenchmarkOptions defaults() {
        return new BenchmarkOptions(16, 64, 64, 1, LoraSpec.defaults(), 400);
    }

    /**
     * Parses {@code --batch-size=N --max-length=N --examples=N --warmup=N --rank=N --targets=q,k,v --dim=N}
     * (each optional) over the defaults.
     */
    public static BenchmarkOptions parse(String[] args) {
        BenchmarkOptions o = defaults();
        int batch = o.batchSize;
        int length = o.maxLength;
        int examples = o.examples;
        int warmup = o.warmupBatches;
        int rank = o.lora.rank();
        List<String> targets = o.lora.targets();
        int dim = o.projectionDim;
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            switch (kv[0]) {
                case "batch-size" -> batch = Integer.parseInt(kv[1]);
                case "max-length" -> length = Integer.parseInt(kv[1]);
                case "examples" -> examples = Integer.parseInt(kv[1]);
                case "warmup" -> warmup = Integer.parseInt(kv[1]);
                case "rank" -> rank = Integer.parseInt(kv[1]);
                case "targets" -> targets = List.of(kv[1].split(","));
                case "dim" -> dim = Integer.parseInt(kv[1]);
                default -> throw new IllegalArgumentException("unknown option --" + kv[0]);
            }
        }
        LoraSpec lora = new LoraSpec(rank, 2.0 * rank, targets, o.lora.initSeed());
        return new BenchmarkOptions(batch, length, examples, warmup, lora, dim);
    }
}
