package org.affinityensemble.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.affinityensemble.affinity.TaskSubset;
import org.affinityensemble.datasets.DatasetCache;
import org.affinityensemble.datasets.DatasetFetcher;
import org.affinityensemble.datasets.SplitCaps;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.events.ProjectionSpec;
import org.affinityensemble.model.classify.ClassifierSettings;
import org.affinityensemble.model.task.TaskClassifier;
import org.affinityensemble.model.task.LanguageModel;
import org.affinityensemble.model.encoder.MiniLmJar;
import org.affinityensemble.model.gradient.ProjectedGradients;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.train.LoraTrainer;
import org.affinityensemble.training.TaskClassifiers;
import org.affinityensemble.training.TaskData;

/**
 * Does the affinity matrix find related datasets? ({@code bin/ensemble bench affinity}, issue #20.) Through the
 * services' own code (the gradient workers' projected gradients, the affinity service's sampling, estimator and
 * matrix, the cluster service's planner with its own group count, via {@link AccuracyGroupings}):
 * <ul>
 * <li><b>twins</b>: each twin task split into two disjoint halves with the same labels, streamed as separate
 * datasets; {@code twin_top1} is the share of datasets whose strongest partner is their twin, {@code twin_grouped}
 * the share of twin pairs the planner puts in one group;</li>
 * <li><b>families</b> on the real tasks, 700 training and 250 validation examples each (at the twins' 240 a
 * partner's effect is below what the surrogate and real fine-tuning resolve): the rank of each task's family partner
 * in its row ({@code family_mean_rank}, {@code family_above_median});</li>
 * <li><b>ground truth</b>: the first half of each anchor fine-tuned for real with its twin, its family partner's
 * first half, an unrelated task's first half and alone, from the regime's start; its validation losses beside its
 * matrix entries, and the share of partner pairs the matrix orders as training does; the anchor is fine-tuned alone
 * {@code --ground-truth-repeats} times (shuffling seeds), and only pairs whose losses differ by more than the range of
 * those runs count as resolved.</li>
 * </ul>
 * Each at θ* (the services' default before ADR 0122: θ* trained on every dataset of the set, gradients of B at θ*,
 * the trajectory) and at θ0 (the ridge; the services' affinity since ADR 0122), whose keys end in {@code _theta0}.
 * Progress goes to stderr, the figures to stdout as {@code key=value} lines, the matrices and groups as comment
 * lines.
 */
public final class AffinityBenchmark {

    private AffinityBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        AffinityOptions options = AffinityOptions.parse(args);
        List<String> tasks = Stream.concat(options.twinTasks().stream(), options.familyTasks().stream()).distinct()
                .toList();
        DatasetFetcher.ensureCached(tasks, DatasetCache.defaultDirectory(), System.err);
        try (LanguageModel model = MiniLmJar.load()) {
            run(model, new DatasetCache(DatasetCache.defaultDirectory()), options, System.out::println);
        }
    }

    /** The report lines of every regime, twins, families and ground truth, each given to {@code out} when known. */
    public static void run(LanguageModel model, DatasetCache cache, AffinityOptions options, Consumer<String> out)
            throws IOException {
        AccuracyOptions defaults = options.accuracy(AffinityOptions.THETA_STAR, List.of("a", "b"));
        AccuracyData twins = options.twinTasks().isEmpty() ? null : TwinTasks.split(AccuracyData.load(cache,
                options.twinTasks(), new SplitCaps(2 * options.trainPerTask(), 2 * options.validationPerTask(), 1),
                defaults.seed()));
        AccuracyData families = options.familyTasks().isEmpty() ? null : AccuracyData.load(cache,
                options.familyTasks(), new SplitCaps(options.familyTrainPerTask(), options.familyValidationPerTask(),
                1), defaults.seed());
        for (String regime : options.regimes()) {
            String suffix = regime.equals(AffinityOptions.THETA_STAR) ? "" : "_" + regime;
            if (twins != null) {
                twinLines(model, twins, options, regime, suffix, out);
            }
            if (families != null) {
                AccuracyOptions settings = options.familyAccuracy(regime, families.taskIds());
                Setting setting = setting(model, families, settings, options.cache());
                Map<String, String> partners = new LinkedHashMap<>();
                families.taskIds().stream().filter(task -> families.taskIds().contains(
                        AffinityOptions.FAMILIES.get(task))).forEach(task -> partners.put(task,
                                AffinityOptions.FAMILIES.get(task)));
                Map<String, Integer> ranks = AffinityFigures.partnerRanks(families.taskIds(),
                        setting.grouping().matrix(), partners);
                int n = families.taskIds().size();
                List<String> lines = new ArrayList<>();
                lines.add(format("family_mean_rank%s=%.2f", suffix, AffinityFigures.meanRank(ranks)));
                lines.add(format("family_above_median%s=%.2f", suffix, AffinityFigures.aboveMedian(ranks, n)));
                lines.add(format("family_grouped%s=%.2f", suffix, AffinityFigures.grouped(
                        setting.grouping().groups(), partners)));
                lines.add(format("# families %s (%d train + %d validation examples per task): rank of the partner"
                        + " among the %d others per task %s", regime, settings.trainPerTask(),
                        settings.validationPerTask(), n - 1, ranks));
                lines.addAll(comments(regime, settings, setting));
                lines.forEach(out);
            }
        }
    }

    private static void twinLines(LanguageModel model, AccuracyData twins, AffinityOptions options,
            String regime, String suffix, Consumer<String> out) throws IOException {
        List<String> lines = new ArrayList<>();
        AccuracyOptions settings = options.accuracy(regime, twins.taskIds());
        Setting setting = setting(model, twins, settings, options.cache());
        Map<String, String> twinOf = new LinkedHashMap<>();
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String task : options.twinTasks()) {
            twinOf.put(TwinTasks.first(task), TwinTasks.second(task));
            twinOf.put(TwinTasks.second(task), TwinTasks.first(task));
            pairs.put(TwinTasks.first(task), TwinTasks.second(task));
        }
        double[][] matrix = setting.grouping().matrix();
        Map<String, Integer> ranks = AffinityFigures.partnerRanks(twins.taskIds(), matrix, twinOf);
        lines.add(format("twin_top1%s=%.2f", suffix, AffinityFigures.top1(ranks)));
        lines.add(format("twin_grouped%s=%.2f", suffix, AffinityFigures.grouped(setting.grouping().groups(), pairs)));
        lines.add(format("twin_mean_rank%s=%.2f", suffix, AffinityFigures.meanRank(ranks)));
        lines.add(format("# twins %s: rank of the twin among the %d others per dataset %s", regime,
                twins.taskIds().size() - 1, ranks));
        lines.addAll(comments(regime, settings, setting));
        lines.forEach(out);
        lines.clear();

        // Ground truth: the anchor's first half fine-tuned for real with each partner, from the regime's start.
        if (!options.anchors().isEmpty()) {
            RealFineTuning fineTuning = new RealFineTuning(new LoraTrainer(setting.classifier(),
                    settings.training()), new ValidationLosses(setting.classifier()), setting.start(),
                    twins.gradientExamples());
            // The same fine-tuning alone with other shuffling seeds: how far real runs differ, the resolution
            // below which the ground truth cannot order partners.
            List<RealFineTuning> repeats = new ArrayList<>();
            for (int r = 1; r < options.repeats(); r++) {
                repeats.add(new RealFineTuning(new LoraTrainer(setting.classifier(),
                        settings.training().withSeed(settings.training().seed() + r)),
                        new ValidationLosses(setting.classifier()), setting.start(), twins.gradientExamples()));
            }
            List<Double> agreements = new ArrayList<>();
            AffinityFigures.Agreement resolved = AffinityFigures.Agreement.NONE;
            for (String anchor : options.anchors()) {
                String self = TwinTasks.first(anchor);
                Map<String, String> partners = new LinkedHashMap<>();
                partners.put("twin", TwinTasks.second(anchor));
                partners.put("family", TwinTasks.first(AffinityOptions.FAMILIES.get(anchor)));
                partners.put("unrelated", TwinTasks.first(options.unrelated()));
                Map<String, Double> affinity = new LinkedHashMap<>();
                Map<String, Double> loss = new LinkedHashMap<>();
                double alone = fineTuning.fineTune(TaskSubset.of(self)).losses().get(self);
                List<Double> aloneAgain = new ArrayList<>();
                for (RealFineTuning again : repeats) {
                    progress("ground truth %s: %s alone again, seed %d of %d ...", regime, self,
                            aloneAgain.size() + 2, options.repeats());
                    aloneAgain.add(again.fineTune(TaskSubset.of(self)).losses().get(self));
                }
                double runNoise = AffinityFigures.range(alone, aloneAgain);
                for (Map.Entry<String, String> partner : partners.entrySet()) {
                    progress("ground truth %s: %s with its %s %s ...", regime, self, partner.getKey(),
                            partner.getValue());
                    RealFineTuning.Outcome outcome = fineTuning.fineTune(TaskSubset.of(self, partner.getValue()));
                    loss.put(partner.getKey(), outcome.losses().get(self));
                    affinity.put(partner.getKey(), matrix[twins.taskIds().indexOf(self)]
                            [twins.taskIds().indexOf(partner.getValue())]);
                }
                lines.add(format("ground_truth_%s%s_alone_loss=%.4f", anchor, suffix, alone));
                lines.add(format("ground_truth_%s%s_alone_repeat_losses=%s", anchor, suffix, String.join(",",
                        aloneAgain.stream().map(value -> format("%.4f", value)).toList())));
                lines.add(format("ground_truth_%s%s_run_noise=%.4f", anchor, suffix, runNoise));
                for (String kind : partners.keySet()) {
                    lines.add(format("ground_truth_%s%s_%s_loss=%.4f", anchor, suffix, kind, loss.get(kind)));
                    lines.add(format("ground_truth_%s%s_%s_affinity=%.3f", anchor, suffix, kind,
                            affinity.get(kind)));
                }
                agreements.add(AffinityFigures.orderAgreement(affinity, loss));
                resolved = resolved.plus(AffinityFigures.resolvedOrderAgreement(affinity, loss, runNoise));
            }
            lines.add(format("ground_truth_order_agreement%s=%.2f", suffix,
                    agreements.stream().mapToDouble(Double::doubleValue).average().orElseThrow()));
            lines.add(format("ground_truth_resolved_pairs%s=%d", suffix, resolved.pairs()));
            lines.add(format("ground_truth_resolved_order_agreement%s=%.2f", suffix, resolved.share()));
            lines.add(format("# ground truth %s: the validation loss of <anchor>_a after real fine-tuning (%d epochs,"
                    + " from %s) alone and with its twin <anchor>_b, its family partner's first half and %s_a, beside"
                    + " the matrix entry; order_agreement = share of partner pairs the matrix orders as the losses;"
                    + " run_noise = the range of the alone runs (" + options.repeats() + " shuffling seeds); resolved ="
                    + " the partner pairs whose losses differ by more than their anchor's run_noise, and the share of"
                    + " those the matrix orders as the losses",
                    regime, settings.epochs(), regime.equals(AffinityOptions.THETA0) ? "theta0" : "theta*",
                    options.unrelated()));
        }
        lines.forEach(out);
    }

    /** The matrix, the groups and the settings as comment lines. */
    private static List<String> comments(String regime, AccuracyOptions settings, Setting setting) {
        List<String> lines = new ArrayList<>();
        lines.add("# " + regime + " matrix (" + AccuracyGroupings.estimatorChoice(settings).key() + ", "
                + setting.grouping().subsets() + " subsets, gradients " + format("%.0f s", setting.gradientSeconds())
                + "):");
        AccuracyReport.matrixLines(setting.grouping().tasks(), setting.grouping().matrix())
                .forEach(line -> lines.add("#   " + line));
        lines.add("# " + regime + " groups (" + setting.grouping().plan().method() + "): "
                + AccuracyReport.groupsText(setting.grouping().groups()));
        lines.add("# settings, as bench accuracy would take them: " + settings.commandLine());
        return lines;
    }

    /**
     * One data set in one regime.
     *
     * @param classifier the classifier over the data set's datasets
     * @param start      the point the gradients are taken at and real fine-tuning starts from (θ0 or θ*)
     * @param grouping   the matrix and the planner's groups
     */
    private record Setting(TaskClassifier classifier, LoraAdapter start, AccuracyGroupings.AffinityGrouping
            grouping, double gradientSeconds) {
    }

    private static Setting setting(LanguageModel model, AccuracyData data, AccuracyOptions options, String cacheDir)
            throws IOException {
        LoraSpec lora = options.lora();
        TaskClassifiers classifiers = new TaskClassifiers(model,
                new ClassifierSettings(options.scale(), options.maxLength()));
        TaskClassifier classifier = classifiers.forTasks(data.tasks().stream().map(TaskData::taskLabels)
                .toList());
        LoraAdapter start = model.initialAdapter(lora);
        String dataKey = String.join(",", data.taskIds()) + "|" + options.trainPerTask() + "|"
                + options.validationPerTask() + "|" + options.seed() + "|" + lora + "|" + options.scale() + "|"
                + model.modelId();
        if (options.metaInitEpochs() > 0) {
            String key = dataKey + "|" + options.metaInitTraining();
            Optional<LoraAdapter> cached = cacheDir.isEmpty() ? Optional.empty()
                    : new MetaInitialisationCache(Path.of(cacheDir)).load(key, start);
            if (cached.isPresent()) {
                progress("theta* from the cache (%s)", MetaInitialisationCache.hash(key));
                start = cached.get();
            } else {
                progress("theta*: %d epoch(s) on the %d datasets' training examples ...", options.metaInitEpochs(),
                        data.taskIds().size());
                MetaInitialisation.Result meta = MetaInitialisation.train(new LoraTrainer(classifier,
                        options.metaInitTraining()), start, data.gradientExamples());
                progress("theta* took %.0f s", meta.seconds());
                start = meta.adapter();
                if (!cacheDir.isEmpty()) {
                    new MetaInitialisationCache(Path.of(cacheDir)).store(key, start);
                }
            }
        }
        ProjectionSpec spec = ProjectedGradients.spec(model, lora, options.maxLength(), options.projectionSeed(),
                options.dim());
        String tableKey = dataKey + "|" + (options.metaInitEpochs() > 0 ? options.metaInitTraining() : "theta0")
                + "|" + spec + "|" + options.batchSize() + "|" + options.freezeA() + "|labels="
                + options.affinityLabelScale();
        List<BenchmarkExample> examples = data.gradientExamples().examples();
        Optional<GradientTable> cached = cacheDir.isEmpty() ? Optional.empty()
                : new GradientTableCache(Path.of(cacheDir)).load(tableKey, examples);
        GradientTable table;
        if (cached.isPresent()) {
            progress("gradients of %d examples from the cache", examples.size());
            table = cached.get();
        } else {
            progress("gradients of %d examples at %s ...", examples.size(),
                    options.metaInitEpochs() > 0 ? "theta*" : "theta0");
            table = GradientTable.compute(classifier, spec, start, examples, options.batchSize(), options.freezeA(),
                    options.affinityLabelScale());
            progress("gradients took %.0f s", table.seconds());
            if (!cacheDir.isEmpty()) {
                new GradientTableCache(Path.of(cacheDir)).store(tableKey, table);
            }
        }
        AccuracyGroupings.AffinityGrouping grouping = AccuracyGroupings.affinity(data.taskIds(), table, spec,
                options);
        return new Setting(classifier, start, grouping, table.seconds());
    }

    private static void progress(String pattern, Object... args) {
        System.err.println(format(pattern, args));
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
