package org.affinityensemble.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import org.affinityensemble.affinity.EstimatorKind;
import org.affinityensemble.affinity.SamplingPolicy;
import org.affinityensemble.affinity.SurrogateSolver;
import org.affinityensemble.affinity.TrajectoryCalibration;
import org.affinityensemble.bench.gradients.BenchOptionsParser;
import org.affinityensemble.datasets.Task;
import org.affinityensemble.datasets.TaskCatalog;
import org.affinityensemble.grouping.GroupCountRule;
import org.affinityensemble.bench.gradients.BenchOptionsParser;
import org.affinityensemble.model.classify.ClassifierSettings;
import org.affinityensemble.model.train.TrainingConfig;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * Options of {@link AccuracyBenchmark}. Where a setting exists in a service, the default is the service's.
 *
 * @param tasks             cached task ids, in table order
 * @param trainPerTask      training examples per task (seeded stratified cap)
 * @param validationPerTask validation examples per task (checkpoint choice, ensemble weights)
 * @param testPerTask       test examples per task (the reported accuracy)
 * @param epochs            epochs of every adapter (group, per-task, single and boosting alike)
 * @param groups            the number of groups m of the affinity grouping, or empty ({@code --groups=auto}): the
 *                          planner's count rule picks m, as the cluster-service does without
 *                          {@code ensemble.cluster.groups}
 * @param countRule         that rule: {@code noise-calibrated} (the planner's default, z = {@code noiseZ}) or
 *                          {@code trace-penalty} (μ = {@code groupPenalty}) ({@code ensemble.cluster.count-rule})
 * @param noiseZ            z of the noise-calibrated rule ({@code ensemble.cluster.noise-z})
 * @param groupPenalty      μ of the trace-penalty rule ({@code ensemble.cluster.group-penalty})
 * @param seed              seeds the data sample, the training order and the random grouping
 * @param learningRate      AdamW learning rate of every adapter
 * @param weightDecay       AdamW decoupled weight decay
 * @param batchSize         examples per training step and per gradient batch
 * @param maxLength         tokens per text
 * @param dim               projection dimension of the gradients ({@code ensemble.gradient.dim})
 * @param projectionSeed    seed of the ±1/√d projection ({@code ensemble.gradient.seed})
 * @param subsets           task subsets the surrogate estimates ({@link SamplingPolicy#DEFAULT_SUBSET_COUNT})
 * @param minPairCoverage   subsets every pair must share where that many exist, more being sampled until it
 *                          does ({@link SamplingPolicy#DEFAULT_MIN_PAIR_COVERAGE},
 *                          {@code ensemble.affinity.min-pair-coverage})
 * @param affinitySeed      seed of the subset sampling ({@code ensemble.affinity.seed})
 * @param lambda            the surrogate's ridge weight ({@code ensemble.affinity.lambda})
 * @param plannerSeed       seed of the planner's rounding ({@code ensemble.cluster.seed})
 * @param boostingSteps     boosting rounds of the "affinity + boosting" column ({@code ensemble.trainer.boosting.steps})
 * @param eta               prior weight of a boosting adapter ({@code ensemble.trainer.boosting.eta})
 * @param weightsL2         λ of the weights' pull toward the prior ({@code ensemble.trainer.weights.l2})
 * @param threads           threads the surrogate estimates subsets on ({@code ensemble.affinity.threads})
 * @param freezeA           (default: whether there is a meta-initialisation, as in the services) every adapter
 *                          trains B only, A stays at its start (LoRA-FA,
 *                          {@code ensemble.trainer.freeze-a}); the affinity gradients are then B's only
 * @param metaInitEpochs    (default 2, as the services) 0: every adapter starts from the LoRA initialisation θ0;
 *                          E &gt; 0: first a
 *                          meta-initialisation θ* is trained from θ0 on every task's training examples for E epochs
 *                          (A and B, the adapters' learning rate, weight decay, batch size and seed), and the
 *                          affinity gradients are taken at θ* and every adapter of every column starts from it
 * @param estimator         the affinity's subset estimator ({@code ensemble.affinity.estimator}): {@code auto}
 *                          (the trajectory for gradients at θ* with A frozen, the ridge elsewhere), {@code ridge}
 *                          or {@code trajectory}
 * @param calibration       the trajectory's learning-rate factor by epochs
 *                          ({@code ensemble.affinity.trajectory.learning-rate-factors}, the service's default; one
 *                          number: that factor whatever the epochs); its schedule is the adapters' (epochs, learning
 *                          rate, weight decay, batch size, seed)
 * @param columns           the table's columns, a subset of {@link AccuracyReport#ALL_COLUMNS} in that order (default
 *                          all): fewer columns make a quick proxy run (e.g. {@code zero_shot,probe,per_task}); the
 *                          affinity grouping is computed only when a grouped column is asked for
 * @param scale             the prototype classifier's cosine scale s ({@code ClassifierSettings.scale})
 * @param labelLearningRate every adapter (and θ*) also trains its tasks' label embeddings from the prototypes at this
 *                          AdamW learning rate (default 1e-2, the trainer-service's, ADR 0081); 0: the label
 *                          prototypes stay frozen
 * @param metaInitCache     empty (default), or a directory where trained θ* are kept by a hash of what they depend
 *                          on and taken from by later runs (a benchmark convenience; it changes no figure)
 * @param loraTargets       the adapted attention projections (default q, k, v, as {@code LoraSpec.defaults()})
 * @param affinityAtInit    true (default, the services' {@code meta-init.affinity-start=lora-init}, ADR 0111 and
 *                          0122): the affinity gradients are taken at the LoRA initialisation θ0, A and B, with the
 *                          estimator resolved as for θ0 (the ridge), while every adapter still starts from θ*; false
 *                          ({@code --affinity-start=meta}): where the adapters start (θ* after a meta-initialisation)
 * @param modelDir          a Hugging Face model directory ({@code --model-dir}, as the services'
 *                          {@code ENSEMBLE_MODEL_DIR}); null for the bundled all-MiniLM-L6-v2
 * @param affinityLabelBlocks false (default, the services, ADR 0122): the affinity's gradients are the LoRA
 *                          parameters' only, the parameters the tasks share, while the adapters still train their
 *                          label embeddings; true ({@code --affinity-label-blocks=true}, the regime before ADR 0122):
 *                          they also hold each task's label block, projected into the shared space
 * @param loraRank          the LoRA rank r of every adapter (default the services', {@code LoraSpec.defaults()}); the
 *                          alpha follows so that alpha / r stays the default's
 * @param probeMember       true (default, the services' {@code ensemble.trainer.probe-member}, ADR 0124): every
 *                          fine-tuned column serves each task's linear probe as its last member, weight α chosen
 *                          on validation; false ({@code --probe-member=false}): the adapters alone
 */
public record AccuracyOptions(List<String> tasks, int trainPerTask, int validationPerTask, int testPerTask,
        int epochs, OptionalInt groups, String countRule, double noiseZ, double groupPenalty, long seed, double learningRate, double weightDecay,
        int batchSize, int maxLength, int dim, long projectionSeed, int subsets, int minPairCoverage, long affinitySeed,
        double lambda, long plannerSeed, int boostingSteps, double eta, double weightsL2, int threads, boolean freezeA,
        int metaInitEpochs, EstimatorKind estimator, TrajectoryCalibration calibration, List<String> columns,
        double scale, double labelLearningRate, String metaInitCache, List<String> loraTargets,
        boolean affinityAtInit, String modelDir, boolean affinityLabelBlocks, int loraRank, boolean probeMember) {

    public AccuracyOptions {
        tasks = List.copyOf(tasks);
        columns = List.copyOf(columns);
        if (columns.isEmpty() || !AccuracyReport.ALL_COLUMNS.stream().filter(columns::contains).toList()
                .equals(columns)) {
            throw new IllegalArgumentException("--columns must be a subset of " + AccuracyReport.ALL_COLUMNS
                    + " in that order, got " + columns);
        }
        if (!(labelLearningRate >= 0)) {
            throw new IllegalArgumentException("--label-learning-rate must be >= 0, got " + labelLearningRate);
        }
        if (loraRank < 1) {
            throw new IllegalArgumentException("--lora-rank must be positive, got " + loraRank);
        }
        if (!(scale > 0)) {
            throw new IllegalArgumentException("--scale must be positive, got " + scale);
        }
        if (tasks.size() < 2 || new HashSet<>(tasks).size() != tasks.size()) {
            throw new IllegalArgumentException("--tasks needs at least two distinct tasks, got " + tasks);
        }
        if (trainPerTask < 1 || validationPerTask < 1 || testPerTask < 1) {
            throw new IllegalArgumentException("--train, --validation and --test must be at least 1");
        }
        if (groups.isPresent() && (groups.getAsInt() < 1 || groups.getAsInt() > tasks.size())) {
            throw new IllegalArgumentException("--groups must be auto or between 1 and the number of tasks ("
                    + tasks.size() + "), got " + groups.getAsInt());
        }
        if (epochs < 1 || !(learningRate > 0) || weightDecay < 0 || batchSize < 1 || maxLength < 8 || dim < 1
                || subsets < 1 || minPairCoverage < 1 || !(lambda > 0) || boostingSteps < 0 || !(eta > 0)
                || !(weightsL2 > 0) || threads < 1) {
            throw new IllegalArgumentException("invalid accuracy benchmark options");
        }
        if (metaInitEpochs < 0) {
            throw new IllegalArgumentException("--meta-init-epochs must be >= 0, got " + metaInitEpochs);
        }
        if (estimator == null || calibration == null) {
            throw new IllegalArgumentException("--estimator must be auto, ridge or trajectory");
        }
        groupCountRule(countRule, noiseZ, groupPenalty);
    }

    public static final String NOISE_CALIBRATED = "noise-calibrated";
    public static final String TRACE_PENALTY = "trace-penalty";

    /** The count rule as the planner takes it. */
    public GroupCountRule groupCountRule() {
        return groupCountRule(countRule, noiseZ, groupPenalty);
    }

    private static GroupCountRule groupCountRule(String rule, double z, double mu) {
        return switch (rule) {
            case NOISE_CALIBRATED -> new GroupCountRule.NoiseCalibrated(z);
            case TRACE_PENALTY -> new GroupCountRule.TracePenalty(mu);
            default -> throw new IllegalArgumentException("--count-rule must be " + NOISE_CALIBRATED + " or "
                    + TRACE_PENALTY + ", got " + rule);
        };
    }

    /** The adapters' training: {@code epochs} of AdamW, shuffled by {@code seed}, B only with {@code freezeA}. */
    public TrainingConfig training() {
        return new TrainingConfig(epochs, learningRate, weightDecay, batchSize, maxLength, seed, freezeA,
                labelLearningRate);
    }

    /**
     * The scale of each gradient's label block, as the gradient workers take it (√(label rate / LoRA rate); 0 with
     * frozen label prototypes).
     */
    public double labelGradientScale() {
        return training().schedule().labelGradientScale();
    }

    /** The label blocks' scale in the affinity's gradients: {@link #labelGradientScale}, or 0 without them. */
    public double affinityLabelScale() {
        return affinityLabelBlocks ? labelGradientScale() : 0;
    }

    /** The meta-initialisation's training: the adapters' with {@code metaInitEpochs} epochs, A and B. */
    public TrainingConfig metaInitTraining() {
        if (metaInitEpochs < 1) {
            throw new IllegalStateException("no meta-initialisation (--meta-init-epochs=0)");
        }
        return training().withEpochs(metaInitEpochs).withFreezeA(false);
    }

    /** The ten tasks of the catalog (DATASETS.md), in catalog order. */
    public static List<String> allTasks() {
        return TaskCatalog.all().stream().map(Task::id).toList();
    }

    /** The defaults: see {@link #parse}. */
    public static AccuracyOptions defaults() {
        return new Spec().options();
    }

    /**
     * Parses {@code --name=value} options over the defaults: {@code --tasks=<all ten> --train=300 --validation=100
     * --test=1000 --epochs=2 --groups=3 (or auto) --count-rule=noise-calibrated (or trace-penalty) --noise-z=2
     * --group-penalty=0 --seed=1 --learning-rate=1e-3
     * --weight-decay=0.01 --batch-size=16 --max-length=64 --dim=400 --projection-seed=42 --subsets=50
     * --min-pair-coverage=10
     * --affinity-seed=7 --lambda=5e-3 --planner-seed=42 --boosting-steps=1 --eta=0.2 --weights-l2=0.05
     * --threads=2 --meta-init-epochs=2 --estimator=auto --trajectory-factor=1=3.16,2=2.37 --probe-member=true}, and {@code --freeze-a} true after
     * a meta-initialisation, false without one: the services' regime (ADR 0047) unless told otherwise.
     *
     * @throws IllegalArgumentException on an unknown option, a value that does not parse, or invalid values
     */
    public static AccuracyOptions parse(String[] args) {
        return BenchOptionsParser.populate(new Spec(), args).options();
    }

    /** The command line that reproduces these options, for the report. */
    public String commandLine() {
        return "bin/ensemble bench accuracy --tasks=" + String.join(",", tasks) + " --train=" + trainPerTask
                + " --validation=" + validationPerTask + " --test=" + testPerTask + " --epochs=" + epochs
                + " --groups=" + (groups.isPresent() ? Integer.toString(groups.getAsInt()) : "auto")
                + (groups.isPresent() ? "" : " --count-rule=" + countRule + (countRule.equals(TRACE_PENALTY)
                        ? " --group-penalty=" + groupPenalty : " --noise-z=" + noiseZ)) + " --seed=" + seed
                + " --meta-init-epochs=" + metaInitEpochs + " --freeze-a=" + freezeA
                + (estimator != EstimatorKind.AUTO
                        ? " --estimator=" + estimator.name().toLowerCase(java.util.Locale.ROOT) : "")
                + (!calibration.equals(TrajectoryCalibration.DEFAULT) ? " --trajectory-factor=" + calibration : "")
                + (columns.equals(AccuracyReport.ALL_COLUMNS) ? "" : " --columns=" + String.join(",", columns))
                + (scale != ClassifierSettings.DEFAULT_SCALE ? " --scale=" + scale : "")
                + (maxLength != 64 ? " --max-length=" + maxLength : "")
                + (learningRate != 1e-3 ? " --learning-rate=" + learningRate : "")
                + (labelLearningRate != TrainingConfig.DEFAULT_LABEL_LEARNING_RATE
                        ? " --label-learning-rate=" + labelLearningRate : "")
                + (loraTargets.equals(org.affinityensemble.events.LoraSpec.defaults().targets()) ? ""
                        : " --lora-targets=" + String.join(",", loraTargets))
                + (affinityAtInit || metaInitEpochs == 0 ? "" : " --affinity-start=meta")
                + (modelDir != null ? " --model-dir=" + modelDir : "")
                + (affinityLabelBlocks ? " --affinity-label-blocks=true" : "")
                + (loraRank != org.affinityensemble.events.LoraSpec.defaults().rank() ? " --lora-rank=" + loraRank
                        : "")
                + (probeMember ? "" : " --probe-member=false");
    }

    /** The LoRA configuration of every adapter: the services' default with {@code --lora-targets}. */
    public org.affinityensemble.events.LoraSpec lora() {
        org.affinityensemble.events.LoraSpec defaults = org.affinityensemble.events.LoraSpec.defaults();
        double scaling = defaults.alpha() / (double) defaults.rank();
        return new org.affinityensemble.events.LoraSpec(loraRank, scaling * loraRank, loraTargets,
                defaults.initSeed());
    }

    /** Whether the table has this column. */
    public boolean has(String column) {
        return columns.contains(column);
    }

    /** Whether a column needs the affinity grouping (the random grouping takes its sizes). */
    public boolean needsGrouping() {
        return has(AccuracyReport.RANDOM_GROUPS) || has(AccuracyReport.AFFINITY)
                || has(AccuracyReport.AFFINITY_BOOST);
    }

    /** The command line: an option per setting, each field initialised to its default. */
    private static final class Spec {

        @Option(names = "--tasks", split = ",", paramLabel = "TASK")
        List<String> tasks = new ArrayList<>(allTasks());
        @Option(names = "--train", paramLabel = "N")
        int train = 300;
        @Option(names = "--validation", paramLabel = "N")
        int validation = 100;
        @Option(names = "--test", paramLabel = "N")
        int test = 1000;
        @Option(names = "--epochs", paramLabel = "N")
        int epochs = 2;
        @Option(names = "--groups", paramLabel = "M|auto", converter = GroupsConverter.class)
        OptionalInt groups = OptionalInt.of(3);
        @Option(names = "--count-rule", paramLabel = NOISE_CALIBRATED + "|" + TRACE_PENALTY)
        String countRule = NOISE_CALIBRATED;
        @Option(names = "--noise-z", paramLabel = "Z")
        double noiseZ = 2.0;
        @Option(names = "--group-penalty", paramLabel = "MU")
        double groupPenalty = 0.0;
        @Option(names = "--seed")
        long seed = 1L;
        @Option(names = "--learning-rate")
        double learningRate = 1e-3;
        @Option(names = "--weight-decay")
        double weightDecay = 0.01;
        @Option(names = "--batch-size", paramLabel = "N")
        int batchSize = 16;
        @Option(names = "--max-length", paramLabel = "N")
        int maxLength = 64;
        @Option(names = "--dim", paramLabel = "N")
        int dim = 400;
        @Option(names = "--projection-seed")
        long projectionSeed = 42L;
        @Option(names = "--subsets", paramLabel = "N")
        int subsets = SamplingPolicy.DEFAULT_SUBSET_COUNT;
        @Option(names = "--min-pair-coverage", paramLabel = "N")
        int minPairCoverage = SamplingPolicy.DEFAULT_MIN_PAIR_COVERAGE;
        @Option(names = "--affinity-seed")
        long affinitySeed = 7L;
        @Option(names = "--lambda")
        double lambda = SurrogateSolver.DEFAULT_LAMBDA;
        @Option(names = "--planner-seed")
        long plannerSeed = 42L;
        @Option(names = "--boosting-steps", paramLabel = "N")
        int boostingSteps = 1;
        @Option(names = "--eta")
        double eta = 0.2;
        @Option(names = "--weights-l2")
        double weightsL2 = 0.05;
        @Option(names = "--threads", paramLabel = "N")
        int threads = 2;
        /** Unset: A is frozen after a meta-initialisation and trained from θ0, as in the services. */
        @Option(names = "--freeze-a", arity = "0..1", paramLabel = "true|false")
        Boolean freezeA;
        @Option(names = "--meta-init-epochs", paramLabel = "E")
        int metaInitEpochs = 2;
        @Option(names = "--estimator", paramLabel = "auto|ridge|trajectory", converter = EstimatorConverter.class)
        EstimatorKind estimator = EstimatorKind.AUTO;
        @Option(names = "--trajectory-factor", paramLabel = "F|E=F,...", converter = CalibrationConverter.class)
        TrajectoryCalibration calibration = TrajectoryCalibration.DEFAULT;
        @Option(names = "--columns", split = ",", paramLabel = "COLUMN")
        List<String> columns = new ArrayList<>(AccuracyReport.ALL_COLUMNS);
        @Option(names = "--scale", paramLabel = "S")
        double scale = ClassifierSettings.DEFAULT_SCALE;
        @Option(names = "--label-learning-rate", paramLabel = "LR")
        double labelLearningRate = TrainingConfig.DEFAULT_LABEL_LEARNING_RATE;
        @Option(names = "--meta-init-cache", paramLabel = "DIR")
        String metaInitCache = "";
        @Option(names = "--lora-targets", split = ",", paramLabel = "q|k|v|o")
        List<String> loraTargets = new ArrayList<>(org.affinityensemble.events.LoraSpec.defaults().targets());
        @Option(names = "--affinity-start", paramLabel = "lora-init|meta")
        String affinityStart = "lora-init";
        /** Unset: the bundled all-MiniLM-L6-v2, as the services' default. */
        @Option(names = "--model-dir", paramLabel = "DIR")
        String modelDir;
        @Option(names = "--affinity-label-blocks", arity = "0..1", paramLabel = "true|false")
        boolean affinityLabelBlocks = false;
        @Option(names = "--lora-rank", paramLabel = "R")
        int loraRank = org.affinityensemble.events.LoraSpec.defaults().rank();
        @Option(names = "--probe-member", arity = "0..1", paramLabel = "true|false")
        boolean probeMember = true;

        AccuracyOptions options() {
            return new AccuracyOptions(tasks, train, validation, test, epochs, groups, countRule, noiseZ,
                    groupPenalty, seed, learningRate, weightDecay, batchSize, maxLength, dim, projectionSeed, subsets,
                    minPairCoverage, affinitySeed, lambda, plannerSeed, boostingSteps, eta, weightsL2, threads,
                    freezeA != null ? freezeA : metaInitEpochs > 0, metaInitEpochs, estimator, calibration,
                    columns, scale, labelLearningRate, metaInitCache, loraTargets, affinityAtInit(affinityStart),
                    modelDir, affinityLabelBlocks, loraRank, probeMember);
        }
    }

    /** {@code --affinity-start}: {@code meta} (where the adapters start) or {@code lora-init} (θ0). */
    static boolean affinityAtInit(String value) {
        return switch (value) {
            case "meta" -> false;
            case "lora-init" -> true;
            default -> throw new IllegalArgumentException("--affinity-start must be meta or lora-init, got " + value);
        };
    }

    /** Whether the affinity gradients are taken where the adapters start, θ* (or θ0 without one). */
    public boolean affinityAtAdapterStart() {
        return metaInitEpochs == 0 || !affinityAtInit;
    }

    /** Whether the affinity's gradients are of B only (A frozen where they are taken). */
    public boolean affinityFreezeA() {
        return affinityAtAdapterStart() && freezeA;
    }

    /** {@code --estimator}: the service's names, in lower case. */
    private static final class EstimatorConverter implements CommandLine.ITypeConverter<EstimatorKind> {
        @Override
        public EstimatorKind convert(String value) {
            try {
                return EstimatorKind.valueOf(value.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not auto, ridge or trajectory");
            }
        }
    }

    /** {@code --trajectory-factor}: one factor, or {@code epochs=factor} pairs as the service's setting. */
    private static final class CalibrationConverter implements CommandLine.ITypeConverter<TrajectoryCalibration> {
        @Override
        public TrajectoryCalibration convert(String value) {
            try {
                return TrajectoryCalibration.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a factor or epochs=factor,...: "
                        + e.getMessage());
            }
        }
    }

    /** {@code --groups}: a number of groups, or {@code auto} (empty: the planner's count rule picks it). */
    private static final class GroupsConverter implements CommandLine.ITypeConverter<OptionalInt> {
        @Override
        public OptionalInt convert(String value) {
            if (value.equals("auto")) {
                return OptionalInt.empty();
            }
            try {
                return OptionalInt.of(Integer.parseInt(value));
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is neither auto nor an int");
            }
        }
    }
}
