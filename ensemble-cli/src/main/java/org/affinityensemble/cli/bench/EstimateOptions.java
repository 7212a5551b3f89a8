package org.affinityensemble.cli.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Options of {@link EstimateBenchmark}.
 *
 * @param tasks              cached task ids to draw subsets from
 * @param trainPerTask       training examples per task (seeded stratified cap)
 * @param validationPerTask  validation examples per task
 * @param subsets            evaluated subsets: fine-tuned for real and estimated by the surrogate
 * @param calibrationSubsets further subsets, disjoint from the evaluated ones, on which λ is calibrated
 * @param subsetSize         tasks per subset; 0 means the method's ⌈0.3·n⌉
 * @param seed               seeds the data sample, the subsets and the training order
 * @param epochs             epochs of real fine-tuning
 * @param learningRate       AdamW learning rate of real fine-tuning
 * @param weightDecay        AdamW decoupled weight decay
 * @param batchSize          examples per training step and per gradient batch
 * @param maxLength          tokens per text
 * @param lambda             the surrogate's ridge weight; NaN means calibrate it on the calibration subsets
 * @param dims               projection dimensions whose error is reported; the largest is computed, the others
 *                           are its leading columns rescaled (the ±1/√d signs do not depend on d)
 * @param mainDim            the dimension of the headline figures (one of {@code dims})
 * @param projectionSeed     the seed of the ±1/√d projection
 * @param threads            threads the surrogate estimates subsets on
 * @param modelReadout       also evaluate the real model at θ0 + P·w (the paper's read-out) on the evaluated
 *                           subsets at {@code mainDim}
 * @param noiseSubsets       the noise floor of real fine-tuning: the first this many evaluated subsets (all of
 *                           them if there are fewer, {@link #noiseSubsetCount()}) are fine-tuned a second time,
 *                           identical but for the training order (shuffle seed {@link #noiseTrainingSeed()});
 *                           0 disables it
 */
public record EstimateOptions(List<String> tasks, int trainPerTask, int validationPerTask, int subsets,
        int calibrationSubsets, int subsetSize, long seed, int epochs, double learningRate, double weightDecay,
        int batchSize, int maxLength, double lambda, int[] dims, int mainDim, long projectionSeed, int threads,
        boolean modelReadout, int noiseSubsets) {

    /** Eight tasks: two sentiment, two dictionary, two quote tasks and two unrelated ones. */
    public static final List<String> DEFAULT_TASKS = List.of("sent_amazon", "sent_imdb", "wordnet_noun",
            "wordnet_verb", "fortune_category", "fortune_language", "spam_email", "reuters_grain");

    public EstimateOptions {
        tasks = List.copyOf(tasks);
        dims = dims.clone();
        if (tasks.size() < 2 || trainPerTask < 1 || validationPerTask < 1 || subsets < 2 || calibrationSubsets < 0
                || subsetSize < 0 || subsetSize == 1 || epochs < 1 || !(learningRate > 0) || weightDecay < 0
                || batchSize < 1 || maxLength < 8 || dims.length == 0 || threads < 1
                || !(Double.isNaN(lambda) || lambda > 0)) {
            throw new IllegalArgumentException("invalid estimate benchmark options");
        }
        if (Arrays.stream(dims).noneMatch(d -> d == mainDim) || Arrays.stream(dims).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("--dim must be one of --dims, all positive");
        }
        if (noiseSubsets < 0) {
            throw new IllegalArgumentException("--noise-subsets must be >= 0");
        }
        if (Double.isNaN(lambda) && calibrationSubsets < 1) {
            throw new IllegalArgumentException("calibrating λ needs --calibration-subsets >= 1 (or give --lambda)");
        }
    }

    /** The defaults: see {@link #parse}. */
    public static EstimateOptions defaults() {
        return new EstimateOptions(DEFAULT_TASKS, 150, 100, 20, 4, 0, 1L, 1, 1e-3, 0.01, 16, 64, Double.NaN,
                new int[] {100, 200, 400, 800}, 400, 42L, 2, false, 4);
    }

    /** How many evaluated subsets are fine-tuned twice: {@code noiseSubsets}, at most {@code subsets}. */
    public int noiseSubsetCount() {
        return Math.min(noiseSubsets, subsets);
    }

    /**
     * The shuffle seed of the noise-floor repeats: the training order differs from the first run's
     * ({@code seed}); the data, the subsets and the LoRA initialisation do not depend on it.
     */
    public long noiseTrainingSeed() {
        return seed + 1;
    }

    /** The largest projection dimension, the one the gradients are projected to. */
    public int maxDim() {
        return Arrays.stream(dims).max().orElseThrow();
    }

    /**
     * Parses {@code --name=value} options over the defaults: {@code --tasks=a,b,c --train=150 --validation=100
     * --subsets=20 --calibration-subsets=4 --subset-size=0 --seed=1 --epochs=1 --learning-rate=1e-3
     * --weight-decay=0.01 --batch-size=16 --max-length=64 --lambda=calibrate --dims=100,200,400,800 --dim=400
     * --projection-seed=42 --threads=2 --model-readout=false --noise-subsets=4}.
     */
    public static EstimateOptions parse(String[] args) {
        EstimateOptions o = defaults();
        List<String> tasks = o.tasks;
        int train = o.trainPerTask;
        int validation = o.validationPerTask;
        int subsets = o.subsets;
        int calibration = o.calibrationSubsets;
        int size = o.subsetSize;
        long seed = o.seed;
        int epochs = o.epochs;
        double rate = o.learningRate;
        double decay = o.weightDecay;
        int batch = o.batchSize;
        int length = o.maxLength;
        double lambda = o.lambda;
        int[] dims = o.dims;
        int dim = o.mainDim;
        long projectionSeed = o.projectionSeed;
        int threads = o.threads;
        boolean modelReadout = o.modelReadout;
        int noiseSubsets = o.noiseSubsets;
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            String v = kv[1];
            switch (kv[0]) {
                case "tasks" -> tasks = List.of(v.split(","));
                case "train" -> train = Integer.parseInt(v);
                case "validation" -> validation = Integer.parseInt(v);
                case "subsets" -> subsets = Integer.parseInt(v);
                case "calibration-subsets" -> calibration = Integer.parseInt(v);
                case "subset-size" -> size = Integer.parseInt(v);
                case "seed" -> seed = Long.parseLong(v);
                case "epochs" -> epochs = Integer.parseInt(v);
                case "learning-rate" -> rate = Double.parseDouble(v);
                case "weight-decay" -> decay = Double.parseDouble(v);
                case "batch-size" -> batch = Integer.parseInt(v);
                case "max-length" -> length = Integer.parseInt(v);
                case "lambda" -> lambda = v.equals("calibrate") ? Double.NaN : Double.parseDouble(v);
                case "dims" -> dims = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                case "dim" -> dim = Integer.parseInt(v);
                case "projection-seed" -> projectionSeed = Long.parseLong(v);
                case "threads" -> threads = Integer.parseInt(v);
                case "model-readout" -> modelReadout = Boolean.parseBoolean(v);
                case "noise-subsets" -> noiseSubsets = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option --" + kv[0]);
            }
        }
        return new EstimateOptions(tasks, train, validation, subsets, calibration, size, seed, epochs, rate, decay,
                batch, length, lambda, dims, dim, projectionSeed, threads, modelReadout, noiseSubsets);
    }
}
