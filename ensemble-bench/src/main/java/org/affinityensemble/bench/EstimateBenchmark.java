package org.affinityensemble.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.affinityensemble.affinity.EstimatorChoice;
import org.affinityensemble.affinity.GradientSource;
import org.affinityensemble.affinity.LinearisedTraining;
import org.affinityensemble.affinity.Logistic;
import org.affinityensemble.affinity.Readout;
import org.affinityensemble.affinity.SamplingPolicy;
import org.affinityensemble.affinity.SubsetSampler;
import org.affinityensemble.affinity.SurrogateSolver;
import org.affinityensemble.affinity.TaskEstimate;
import org.affinityensemble.affinity.TaskSubset;
import org.affinityensemble.datasets.DatasetCache;
import org.affinityensemble.datasets.DatasetFetcher;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.events.ProjectionSpec;
import org.affinityensemble.model.classify.ClassifierSettings;
import org.affinityensemble.model.classify.LabelPrototypes;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.task.TaskClassifier;
import org.affinityensemble.model.task.LanguageModel;
import org.affinityensemble.model.encoder.MiniLmJar;
import org.affinityensemble.model.gradient.ProjectedGradients;
import org.affinityensemble.model.gradient.RademacherProjection;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.LoraLayout;
import org.affinityensemble.model.train.LoraTrainer;
import org.affinityensemble.model.train.TrainingConfig;

/**
 * The proof of the affinity surrogate against real fine-tuning ({@code bin/ensemble bench estimate}). On real
 * cached tasks it draws task subsets the way the affinity service does ({@link SubsetSampler}), fine-tunes one
 * LoRA adapter per subset for real ({@link RealFineTuning}), and compares each task's real validation loss with
 * the surrogate's estimate ({@link SurrogateRun}) from projected gradients at the same initialisation
 * ({@link GradientTable}): relative error, rank correlation and time, at several projection dimensions. The
 * initialisation is the LoRA initialisation θ0, or with {@code --meta-init-epochs=E} an adapter θ* first trained
 * from θ0 on every task for E epochs ({@link MetaInitialisation}, the paper's protocol). λ is
 * calibrated once on held-out subsets ({@link Calibration}) unless given. The first few evaluated subsets
 * are fine-tuned a second time with another training shuffle seed, which gives the noise floor of real
 * fine-tuning itself ({@code --noise-subsets}). Progress goes to stderr, the figures to stdout as
 * {@code key=value} lines.
 */
public final class EstimateBenchmark {

    private EstimateBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        EstimateOptions options = EstimateOptions.parse(args);
        DatasetFetcher.ensureCached(options.tasks(), DatasetCache.defaultDirectory(), System.err);
        try (LanguageModel model = MiniLmJar.load()) {
            run(model, new DatasetCache(DatasetCache.defaultDirectory()), options).lines()
                    .forEach(System.out::println);
        }
    }

    public static EstimateBenchmarkResult run(LanguageModel model, DatasetCache cache, EstimateOptions options)
            throws IOException {
        BenchmarkTasks data = BenchmarkTasks.load(cache, options.tasks(), options.trainPerTask(),
                options.validationPerTask(), options.seed());
        TaskClassifier classifier = model.classifier(data.taskLabels(),
                new ClassifierSettings(ClassifierSettings.DEFAULT_SCALE, options.maxLength()));
        LoraSpec lora = LoraSpec.defaults();
        ProjectionSpec spec = ProjectedGradients.spec(model, lora, options.maxLength(), options.projectionSeed(),
                options.maxDim());

        TrainingConfig training = options.training();
        // θ0 (B = 0), or the meta-initialisation θ* trained from it on every task: the point the gradients are
        // taken at and every real fine-tuning starts from.
        LoraAdapter initialisation = model.initialAdapter(lora);
        double metaInitSeconds = 0;
        if (options.metaInit()) {
            progress("meta-initialisation: %d epoch(s) on every task's training examples ...",
                    options.metaInitEpochs());
            MetaInitialisation.Result meta = MetaInitialisation.train(
                    new LoraTrainer(classifier, options.metaInitTraining()), initialisation, data);
            double[] step = ModelReadout.step(initialisation, meta.adapter());
            progress("meta-initialisation took %.1f s on %d examples; train loss per epoch %s; |theta*-theta0|=%.3g",
                    meta.seconds(), meta.examples(), meta.trainLosses(), norm(step));
            initialisation = meta.adapter();
            metaInitSeconds = meta.seconds();
        }
        progress("gradients of %d examples at d=%d at %s ...", data.examples().size(), options.maxDim(),
                options.metaInit() ? "theta*" : "theta0");
        GradientTable table = GradientTable.compute(classifier, spec, initialisation, data.examples(),
                options.batchSize(), options.freezeA());
        progress("gradients took %.1f s", table.seconds());

        List<TaskSubset> planned = plan(data.taskIds(), options);
        List<TaskSubset> heldOut = planned.subList(0, options.calibrationSubsets());
        List<TaskSubset> evaluated = planned.subList(options.calibrationSubsets(), planned.size());

        ValidationLosses validationLosses = new ValidationLosses(classifier);
        RealFineTuning fineTuning = new RealFineTuning(new LoraTrainer(classifier, training), validationLosses,
                initialisation, data);
        List<RealFineTuning.Outcome> heldOutOutcomes = fineTuneAll(fineTuning, heldOut, "held-out");
        List<RealFineTuning.Outcome> outcomes = fineTuneAll(fineTuning, evaluated, "evaluated");
        // The noise floor: the same code, data, LoRA initialisation and configuration, another training order.
        List<RealFineTuning.Outcome> repeats = options.noiseSubsetCount() == 0 ? List.of()
                : fineTuneAll(new RealFineTuning(new LoraTrainer(classifier,
                        training.withSeed(options.noiseTrainingSeed())), validationLosses, initialisation, data),
                        evaluated.subList(0, options.noiseSubsetCount()), "noise repeat");

        GradientSource mainSource = table.source(options.mainDim());
        Calibration.Choice choice = Double.isNaN(options.lambda()) ? Calibration.lambda(heldOutOutcomes,
                mainSource, options.threads()) : null;
        double lambda = choice == null ? options.lambda() : choice.value();
        progress("lambda=%.3g%s", lambda, choice == null ? " (given)" : " (calibrated)");

        Map<Integer, EstimationFigures> byDim = new TreeMap<>();
        SurrogateRun.Result main = null;
        for (int dim : options.dims()) {
            GradientSource source = dim == options.mainDim() ? mainSource : table.source(dim);
            SurrogateRun.Result result = SurrogateRun.estimate(evaluated, source, lambda, options.threads());
            byDim.put(dim, EstimationFigures.of(LossPair.of(outcomes, result::loss)));
            if (dim == options.mainDim()) {
                main = result;
            }
        }
        // The trajectory surrogate as the service runs it (its own example order), its factor calibrated per d.
        Map<Integer, EstimateBenchmarkResult.Trajectory> trajectoryByDim = new TreeMap<>();
        for (int dim : options.dims()) {
            GradientSource source = dim == options.mainDim() ? mainSource : table.source(dim);
            Calibration.Choice factor = Calibration.learningRateFactor(heldOutOutcomes, source, training.schedule(),
                    options.threads());
            SurrogateRun.Result result = SurrogateRun.estimate(evaluated, source,
                    EstimatorChoice.trajectory(training.schedule(), factor.value()).estimator(), options.threads());
            trajectoryByDim.put(dim, new EstimateBenchmarkResult.Trajectory(
                    EstimationFigures.of(LossPair.of(outcomes, result::loss)), factor.value(), result.seconds()));
            progress("trajectory at d=%d: lr factor %.3g (held-out error %.4f), rel_error %.4f", dim, factor.value(),
                    factor.relativeError(), trajectoryByDim.get(dim).figures().relativeError());
        }
        Map<String, TaskEstimate> zeroShot = new Readout().evaluate(data.taskIds(), mainSource,
                new double[options.mainDim()]);
        List<LossPair> zeroShotPairs = LossPair.of(outcomes, (i, task) -> zeroShot.get(task).loss());

        EstimationFigures modelReadout = null;
        double modelReadoutSeconds = Double.NaN;
        if (options.modelReadout()) {
            // The fits are refitted here (the estimator does not hand out w); they are deterministic, so w is
            // the one behind the linearised figures, and their time is already in estimate_seconds: only the
            // update θ0 + P·w and the model's validation losses are timed.
            long nanos = 0;
            List<Map<String, Double>> readouts = new ArrayList<>();
            SurrogateSolver solver = new SurrogateSolver();
            for (TaskSubset subset : evaluated) {
                double[] w = solver.fit(subset.tasks(), mainSource, lambda).w();
                long started = System.nanoTime();
                LoraAdapter updated = ModelReadout.update(initialisation, spec, w);
                readouts.add(validationLosses.perTask(updated, data.texts(subset.tasks(), true)));
                nanos += System.nanoTime() - started;
                double[] step = ModelReadout.step(initialisation, updated);
                double[] real = ModelReadout.step(initialisation, outcomes.get(readouts.size() - 1).adapter());
                progress("model read-out %d/%d %s: |P*w|=%.3g, real step |theta-%s|=%.3g, cos=%.3f; losses %s",
                        readouts.size(), evaluated.size(), subset.key(), norm(step),
                        options.metaInit() ? "theta*" : "theta0", norm(real),
                        dot(step, real) / (norm(step) * norm(real)), readouts.get(readouts.size() - 1));
            }
            modelReadoutSeconds = nanos / 1e9;
            modelReadout = EstimationFigures.of(LossPair.of(outcomes, (i, task) -> readouts.get(i).get(task)));
        }
        EstimateBenchmarkResult.Linearised linearised = options.linearisedTraining()
                ? linearised(classifier, spec, initialisation, data, table, evaluated, heldOutOutcomes, outcomes,
                        options)
                : null;
        EstimateBenchmarkResult.NoiseFloor noise = null;
        if (!repeats.isEmpty()) {
            List<RealFineTuning.Outcome> firsts = outcomes.subList(0, repeats.size());
            List<LossPair> pairs = EstimationMetrics.repeatPairs(perTaskLosses(firsts), perTaskLosses(repeats));
            noise = new EstimateBenchmarkResult.NoiseFloor(repeats.size(), pairs.size(), options.noiseTrainingSeed(),
                    EstimationFigures.of(pairs), EstimationMetrics.meanRelativeError(LossPair.of(firsts, main::loss)),
                    sum(repeats, RealFineTuning.Outcome::seconds));
        }
        return new EstimateBenchmarkResult(options, planned.size(), evaluated.size(), lambda, choice,
                table.seconds(), sum(outcomes, RealFineTuning.Outcome::trainSeconds),
                sum(outcomes, RealFineTuning.Outcome::evaluationSeconds), main.seconds(), byDim,
                EstimationFigures.of(zeroShotPairs), zeroShotCheck(outcomes, table),
                zeroShotPairs.stream().mapToDouble(LossPair::real).average().orElseThrow(),
                zeroShotPairs.stream().mapToDouble(LossPair::estimated).average().orElseThrow(), modelReadout,
                modelReadoutSeconds, noise, metaInitSeconds, linearised, trajectoryByDim);
    }

    /** The diagnostics of {@link FullGradients} on the evaluated subsets. */
    private static EstimateBenchmarkResult.Linearised linearised(TaskClassifier classifier, ProjectionSpec spec,
            LoraAdapter initialisation, BenchmarkTasks data, GradientTable table, List<TaskSubset> evaluated,
            List<RealFineTuning.Outcome> heldOutOutcomes, List<RealFineTuning.Outcome> outcomes,
            EstimateOptions options) {
        progress("unprojected gradients of %d examples ...", data.examples().size());
        FullGradients full = FullGradients.compute(classifier, initialisation,
                data.examples(), options.batchSize(), options.freezeA());
        progress("unprojected gradients took %.1f s", full.seconds());
        List<Map<String, Double>> replays = new ArrayList<>();
        for (TaskSubset subset : evaluated) {
            replays.add(full.replayAdamW(data.texts(subset.tasks(), false), data.texts(subset.tasks(), true),
                    options.training()));
            progress("linearised AdamW %d/%d %s: losses %s (real %s)", replays.size(), evaluated.size(),
                    subset.key(), replays.get(replays.size() - 1), outcomes.get(replays.size() - 1).losses());
        }
        RademacherProjection projection = new RademacherProjection(spec.seed(), spec.parameterCount(),
                options.mainDim());
        float[] pooled = full.adamScale(full.trainingTexts(), options.batchSize());
        float[][] preconditionedRows = full.projected(pooled, projection);
        GradientSource preconditioned = full.source(preconditionedRows, options.mainDim());
        double lambda = Double.isNaN(options.lambda())
                ? Calibration.lambda(heldOutOutcomes, preconditioned, options.threads()).value()
                : options.lambda();
        SurrogateRun.Result result = SurrogateRun.estimate(evaluated, preconditioned, lambda, options.threads());

        // Trajectories instead of the ridge's optimum: Adam's v held fixed, first on all D parameters (with the
        // pooled v, then with the subset's own), then on projected rows (the pooled v, the trainer's own learning
        // rate); last Adam and momentum on the service's own projected gradients, whose learning rate has no
        // meaning in the projected coordinates and is calibrated (a factor on the trainer's) like λ.
        TrainingConfig config = options.training();
        Map<String, EstimateBenchmarkResult.Trajectory> trajectories = new LinkedHashMap<>();
        trajectories.put("fixed_v_replay", trajectory(evaluated, outcomes, data, 1, (subset, factor) ->
                full.replayFixedSecondMoment(data.texts(subset.tasks(), false), data.texts(subset.tasks(), true),
                        config, pooled)));
        trajectories.put("fixed_v_subset_replay", trajectory(evaluated, outcomes, data, 1, (subset, factor) -> {
            List<LabelledText> train = data.texts(subset.tasks(), false);
            return full.replayFixedSecondMoment(train, data.texts(subset.tasks(), true), config,
                    full.adamScale(train, options.batchSize()));
        }));
        LinearisedSchedule projectedFixedV = full.scheduleOver(preconditionedRows);
        trajectories.put("projected_fixed_v", trajectory(evaluated, outcomes, data, 1, (subset, factor) ->
                projectedFixedV.validationLosses(data.texts(subset.tasks(), false),
                        data.texts(subset.tasks(), true), config, LinearisedTraining.Rule.MOMENTUM, null)));
        Map<String, LinearisedSchedule> projectedRows = new LinkedHashMap<>();
        projectedRows.put("projected", full.scheduleOver(table.rows(options.mainDim())));
        projectedRows.put("block_projected", full.scheduleOver(blockProjected(full, initialisation.layout(),
                options.mainDim(), spec.seed())));
        // Adam on projected rows with the learning rate of each subset matched to the unprojected one's: the factor
        // is the ratio of the two Adam rates of loss decrease at the start (LinearisedTraining.adamRate), times a
        // calibrated constant.
        LinearisedSchedule unprojected = full.schedule((float[]) null);
        projectedRows.put("preconditioned_projected", projectedFixedV);
        projectedRows.forEach((name, rows) -> {
            // The ratio depends on the subset only: once per subset, not once per factor the calibration tries.
            Map<TaskSubset, Double> ratios = new HashMap<>();
            TrajectoryRun matched = (subset, factor) -> {
                List<LabelledText> train = data.texts(subset.tasks(), false);
                double ratio = ratios.computeIfAbsent(subset, s -> unprojected.adamRate(train, config.batchSize())
                        / rows.adamRate(train, config.batchSize()));
                return rows.validationLosses(train, data.texts(subset.tasks(), true),
                        config.withLearningRate(config.learningRate() * ratio * factor),
                        LinearisedTraining.Rule.ADAMW, null);
            };
            trajectories.put("rate_matched_" + name + "_adamw", trajectory(evaluated, outcomes, data,
                    calibratedFactor(heldOutOutcomes, matched), matched));
        });
        projectedRows.forEach((name, rows) -> {
            for (LinearisedTraining.Rule rule : LinearisedTraining.Rule.values()) {
                TrajectoryRun run = (subset, factor) -> rows.validationLosses(data.texts(subset.tasks(), false),
                        data.texts(subset.tasks(), true), config.withLearningRate(config.learningRate() * factor),
                        rule, null);
                double factor = calibratedFactor(heldOutOutcomes, run);
                trajectories.put(name + "_" + rule.name().toLowerCase(Locale.ROOT),
                        trajectory(evaluated, outcomes, data, factor, run));
            }
        });
        trajectories.forEach((name, trajectory) -> progress("%s: rel_error %.4f, within-task rank %.3f, lr x %.3g,"
                + " %.2f s", name, trajectory.figures().relativeError(),
                trajectory.figures().withinTaskRankCorrelation(), trajectory.learningRateFactor(),
                trajectory.seconds()));
        return new EstimateBenchmarkResult.Linearised(
                EstimationFigures.of(LossPair.of(outcomes, (i, task) -> replays.get(i).get(task))),
                EstimationFigures.of(LossPair.of(outcomes, result::loss)), lambda, full.seconds(), trajectories);
    }

    /**
     * Every example's gradient projected block by block, one block per LoRA matrix B (A's gradients are zero at
     * θ0), the {@code dim} values shared out evenly.
     */
    private static float[][] blockProjected(FullGradients full, LoraLayout layout, int dim, long seed) {
        int blocks = layout.slots().size();
        long[] starts = new long[blocks];
        int[] sizes = new int[blocks];
        int[] dims = new int[blocks];
        for (int b = 0; b < blocks; b++) {
            starts[b] = layout.aOffset(b) + layout.aSize(b);
            sizes[b] = layout.bSize(b);
            dims[b] = dim / blocks + (b < dim % blocks ? 1 : 0);
        }
        return full.blockProjected(starts, sizes, dims, seed);
    }

    /** One subset's estimated validation losses by a trajectory, its learning rate the trainer's times a factor. */
    @FunctionalInterface
    private interface TrajectoryRun {
        Map<String, Double> losses(TaskSubset subset, double factor);
    }

    /** A trajectory's figures on the evaluated subsets at the given factor, timed. */
    private static EstimateBenchmarkResult.Trajectory trajectory(List<TaskSubset> evaluated,
            List<RealFineTuning.Outcome> outcomes, BenchmarkTasks data, double factor, TrajectoryRun run) {
        long started = System.nanoTime();
        List<Map<String, Double>> losses = evaluated.stream().map(subset -> run.losses(subset, factor)).toList();
        double seconds = (System.nanoTime() - started) / 1e9;
        return new EstimateBenchmarkResult.Trajectory(
                EstimationFigures.of(LossPair.of(outcomes, (i, task) -> losses.get(i).get(task))), factor, seconds);
    }

    /** The learning-rate factor with the least mean relative error on the held-out subsets ({@link Calibration}). */
    private static double calibratedFactor(List<RealFineTuning.Outcome> heldOut, TrajectoryRun run) {
        return Calibration.search(Calibration.FACTOR_FROM, Calibration.FACTOR_TO, exponent -> {
            List<Map<String, Double>> losses = heldOut.stream()
                    .map(outcome -> run.losses(outcome.subset(), Math.pow(10, exponent))).toList();
            return EstimationMetrics.meanRelativeError(LossPair.of(heldOut, (i, task) -> losses.get(i).get(task)));
        }).value();
    }

    private static List<Map<String, Double>> perTaskLosses(List<RealFineTuning.Outcome> outcomes) {
        return outcomes.stream().map(RealFineTuning.Outcome::losses).toList();
    }

    /** The affinity service's subsets (calibration + evaluated of them), in a seeded random order. */
    static List<TaskSubset> plan(List<String> tasks, EstimateOptions options) {
        int wanted = options.subsets() + options.calibrationSubsets();
        SamplingPolicy policy = SamplingPolicy.defaults(options.seed()).withSubsetCount(wanted)
                .withFixedSize(options.subsetSize());
        List<TaskSubset> planned = new ArrayList<>(new SubsetSampler(policy).plan(tasks));
        if (planned.size() < wanted) {
            throw new IllegalArgumentException("only " + planned.size() + " distinct subsets of size "
                    + policy.subsetSize(tasks.size()) + " exist; fewer --subsets or --calibration-subsets");
        }
        Collections.shuffle(planned, new Random(options.seed()));
        return List.copyOf(planned.subList(0, wanted));
    }

    private static List<RealFineTuning.Outcome> fineTuneAll(RealFineTuning fineTuning, List<TaskSubset> subsets,
            String kind) {
        List<RealFineTuning.Outcome> outcomes = new ArrayList<>();
        for (TaskSubset subset : subsets) {
            RealFineTuning.Outcome outcome = fineTuning.fineTune(subset);
            outcomes.add(outcome);
            progress("%s subset %d/%d %s: %.1f s, losses %s", kind, outcomes.size(), subsets.size(), subset.key(),
                    outcome.seconds(), outcome.losses());
        }
        return outcomes;
    }

    /**
     * The largest difference, over subsets, between the mean cross-entropy the trainer measured on its probe
     * examples before its first step and the mean of log(1 + exp(−f0)) over the same examples: both are the
     * zero-shot loss, one from the training code, one from the gradient code.
     */
    private static double zeroShotCheck(List<RealFineTuning.Outcome> outcomes, GradientTable table) {
        Map<LabelledText, Double> f0 = new HashMap<>();
        for (int i = 0; i < table.examples().size(); i++) {
            f0.put(table.examples().get(i).text(), table.f0(i));
        }
        double worst = 0;
        for (RealFineTuning.Outcome outcome : outcomes) {
            double mean = outcome.probes().stream().mapToDouble(probe -> Logistic.loss(f0.get(probe)))
                    .average().orElseThrow();
            worst = Math.max(worst, Math.abs(mean - outcome.zeroShotLoss()));
        }
        return worst;
    }

    private static double sum(List<RealFineTuning.Outcome> outcomes,
            java.util.function.ToDoubleFunction<RealFineTuning.Outcome> seconds) {
        return outcomes.stream().mapToDouble(seconds).sum();
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static void progress(String format, Object... args) {
        System.err.println(String.format(Locale.ROOT, format, args));
    }
}
