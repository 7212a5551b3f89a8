package org.affinityensemble.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.affinityensemble.bench.gradients.BenchOptionsParser;
import org.affinityensemble.model.train.TrainingConfig;
import picocli.CommandLine.Option;
import picocli.CommandLine;

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
 * @param metaInitEpochs     (default 2, as the services) 0: the gradients are taken, and every subset is
 *                           fine-tuned, at the LoRA initialisation
 *                           θ0 (B = 0); E > 0: first an adapter θ* is trained from θ0 for E epochs on the union of
 *                           all tasks' training examples (same trainer, configuration and seed), and the
 *                           gradients, the surrogate's offsets f0 and every real fine-tuning start from θ* instead
 *                           (the paper's meta-initialisation)
 * @param linearisedTraining also keep every example's unprojected gradient and report two diagnostics
 *                           ({@link FullGradients}): the trainer's AdamW schedule replayed on the first-order
 *                           model, and the ridge surrogate on Adam-preconditioned gradients
 * @param freezeA            (default: whether there is a meta-initialisation, as in the services) real
 *                           fine-tuning trains B only and keeps A at its start (LoRA-FA,
 *                           {@link TrainingConfig#freezeA()}): the seeded initialisation, or θ*'s A, which the
 *                           meta-initialisation trains with B; the gradients are then taken with respect to B only,
 *                           so that they describe exactly the trained parameters (at θ0 the A-gradients are zero
 *                           anyway)
 * @param labelLearningRate  (default {@link TrainingConfig#DEFAULT_LABEL_LEARNING_RATE}, as the services, ADR 0081)
 *                           every fine-tuning, θ* included, also trains the tasks' label embeddings from their
 *                           prototypes at this rate; the gradients stay the LoRA parameters' only, as the gradient
 *                           workers take them (ADR 0122); 0: frozen label prototypes (the regime before ADR 0081)
 */
public record EstimateOptions(List<String> tasks, int trainPerTask, int validationPerTask, int subsets,
        int calibrationSubsets, int subsetSize, long seed, int epochs, double learningRate, double weightDecay,
        int batchSize, int maxLength, double lambda, int[] dims, int mainDim, long projectionSeed, int threads,
        boolean modelReadout, int noiseSubsets, int metaInitEpochs, boolean linearisedTraining, boolean freezeA,
        double labelLearningRate) {

    /** Eight tasks: two sentiment, two dictionary, two quote tasks and two unrelated ones. */
    public static final List<String> DEFAULT_TASKS = List.of("sent_amazon", "sent_imdb", "wordnet_noun",
            "wordnet_verb", "fortune_category", "fortune_language", "spam_email", "reuters_grain");

    public EstimateOptions {
        tasks = List.copyOf(tasks);
        dims = dims.clone();
        java.util.List<String> wrong = new java.util.ArrayList<>();
        check(wrong, tasks.size() >= 2, "--tasks needs at least two tasks");
        check(wrong, trainPerTask >= 1 && validationPerTask >= 1, "--train and --validation must be at least 1");
        check(wrong, subsets >= 2 && calibrationSubsets >= 0, "--subsets must be at least 2, --calibration-subsets >= 0");
        check(wrong, subsetSize >= 0 && subsetSize != 1, "--subset-size must be 0 (the paper's) or at least 2");
        check(wrong, epochs >= 1 && learningRate > 0 && weightDecay >= 0 && batchSize >= 1,
                "--epochs, --learning-rate and --batch-size must be positive, --weight-decay not negative");
        check(wrong, maxLength >= 8, "--max-length must be at least 8");
        check(wrong, dims.length > 0 && threads >= 1, "--dims needs a dimension and --threads must be positive");
        check(wrong, Double.isNaN(lambda) || lambda > 0, "--lambda must be positive");
        check(wrong, labelLearningRate >= 0, "--label-learning-rate must be >= 0");
        if (!wrong.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", wrong));
        }
        if (Arrays.stream(dims).noneMatch(d -> d == mainDim) || Arrays.stream(dims).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("--dim must be one of --dims, all positive");
        }
        if (noiseSubsets < 0) {
            throw new IllegalArgumentException("--noise-subsets must be >= 0");
        }
        if (metaInitEpochs < 0) {
            throw new IllegalArgumentException("--meta-init-epochs must be >= 0");
        }
        if (modelReadout && freezeA) {
            throw new IllegalArgumentException("--model-readout needs --freeze-a=false: the read-out θ + P·w would"
                    + " move the A matrices that fine-tuning keeps frozen");
        }
        if (labelLearningRate > 0 && (modelReadout || linearisedTraining)) {
            throw new IllegalArgumentException("--model-readout and --linearised-training cover the LoRA parameters"
                    + " only: they need --label-learning-rate=0 (frozen label prototypes)");
        }
        if (Double.isNaN(lambda) && calibrationSubsets < 1) {
            throw new IllegalArgumentException("calibrating λ needs --calibration-subsets >= 1 (or give --lambda)");
        }
    }

    /** The defaults: see {@link #parse}. */
    public static EstimateOptions defaults() {
        return new Spec().options();
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

    /** Whether the benchmark starts from a meta-initialisation θ* ({@code metaInitEpochs > 0}) rather than θ0. */
    public boolean metaInit() {
        return metaInitEpochs > 0;
    }

    /**
     * The training of the meta-initialisation θ*: the real fine-tuning's configuration (learning rate, weight
     * decay, batch size, length, shuffle seed) with {@code metaInitEpochs} epochs, training A and B even when the
     * subsets' fine-tuning freezes A.
     */
    public TrainingConfig metaInitTraining() {
        if (!metaInit()) {
            throw new IllegalStateException("no meta-initialisation (--meta-init-epochs=0)");
        }
        return training().withEpochs(metaInitEpochs).withFreezeA(false);
    }

    /** The real fine-tuning of a subset: {@code epochs} epochs of AdamW, shuffled by {@code seed}. */
    public TrainingConfig training() {
        return new TrainingConfig(epochs, learningRate, weightDecay, batchSize, maxLength, seed, freezeA,
                labelLearningRate);
    }


    /** The largest projection dimension, the one the gradients are projected to. */
    public int maxDim() {
        return Arrays.stream(dims).max().orElseThrow();
    }

    private static void check(java.util.List<String> wrong, boolean valid, String problem) {
        if (!valid) {
            wrong.add(problem);
        }
    }

    /**
     * Parses {@code --name=value} options over the defaults: {@code --tasks=a,b,c --train=150 --validation=100
     * --subsets=20 --calibration-subsets=4 --subset-size=0 --seed=1 --epochs=2 --learning-rate=1e-3
     * --weight-decay=0.01 --batch-size=16 --max-length=64 --lambda=calibrate --dims=100,200,400,800 --dim=400
     * --projection-seed=42 --threads=2 --model-readout=false --noise-subsets=4 --meta-init-epochs=2
     * --linearised-training=false --label-learning-rate=1e-2}, and {@code --freeze-a} true after a meta-initialisation, false without one: the
     * services' regime (ADR 0047) unless told otherwise.
     */
    public static EstimateOptions parse(String[] args) {
        return BenchOptionsParser.populate(new Spec(), args).options();
    }

    /** The command line: an option per setting, each field initialised to its default. */
    private static final class Spec {

        @Option(names = "--tasks", split = ",", paramLabel = "TASK")
        List<String> tasks = new ArrayList<>(DEFAULT_TASKS);
        @Option(names = "--train", paramLabel = "N")
        int train = 150;
        @Option(names = "--validation", paramLabel = "N")
        int validation = 100;
        @Option(names = "--subsets", paramLabel = "N")
        int subsets = 20;
        @Option(names = "--calibration-subsets", paramLabel = "N")
        int calibrationSubsets = 4;
        @Option(names = "--subset-size", paramLabel = "N")
        int subsetSize = 0;
        @Option(names = "--seed")
        long seed = 1L;
        @Option(names = "--epochs", paramLabel = "N")
        int epochs = 2;
        @Option(names = "--learning-rate")
        double learningRate = 1e-3;
        @Option(names = "--weight-decay")
        double weightDecay = 0.01;
        @Option(names = "--batch-size", paramLabel = "N")
        int batchSize = 16;
        @Option(names = "--max-length", paramLabel = "N")
        int maxLength = 64;
        @Option(names = "--lambda", paramLabel = "LAMBDA|calibrate", converter = LambdaConverter.class)
        double lambda = Double.NaN;
        @Option(names = "--dims", split = ",", paramLabel = "D")
        int[] dims = {100, 200, 400, 800};
        @Option(names = "--dim", paramLabel = "D")
        int dim = 400;
        @Option(names = "--projection-seed")
        long projectionSeed = 42L;
        @Option(names = "--threads", paramLabel = "N")
        int threads = 2;
        @Option(names = "--model-readout", arity = "0..1", paramLabel = "true|false")
        boolean modelReadout = false;
        @Option(names = "--noise-subsets", paramLabel = "N")
        int noiseSubsets = 4;
        @Option(names = "--meta-init-epochs", paramLabel = "E")
        int metaInitEpochs = 2;
        @Option(names = "--linearised-training", arity = "0..1", paramLabel = "true|false")
        boolean linearisedTraining = false;
        /** Unset: A is frozen after a meta-initialisation and trained from θ0, as in the services. */
        @Option(names = "--freeze-a", arity = "0..1", paramLabel = "true|false")
        Boolean freezeA;
        @Option(names = "--label-learning-rate", paramLabel = "LR")
        double labelLearningRate = TrainingConfig.DEFAULT_LABEL_LEARNING_RATE;

        EstimateOptions options() {
            return new EstimateOptions(tasks, train, validation, subsets, calibrationSubsets, subsetSize, seed,
                    epochs, learningRate, weightDecay, batchSize, maxLength, lambda, dims, dim, projectionSeed,
                    threads, modelReadout, noiseSubsets, metaInitEpochs, linearisedTraining,
                    freezeA != null ? freezeA : metaInitEpochs > 0, labelLearningRate);
        }
    }

    /** {@code --lambda}: a ridge weight, or {@code calibrate} (NaN: calibrated on the calibration subsets). */
    private static final class LambdaConverter implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            if (value.equals("calibrate")) {
                return Double.NaN;
            }
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is neither calibrate nor a number");
            }
        }
    }
}
