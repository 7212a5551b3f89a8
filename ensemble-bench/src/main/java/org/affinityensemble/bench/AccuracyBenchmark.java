package org.affinityensemble.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.affinityensemble.datasets.DatasetCache;
import org.affinityensemble.datasets.DatasetFetcher;
import org.affinityensemble.datasets.SplitCaps;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.events.ProjectionSpec;
import org.affinityensemble.model.classify.ClassifierSettings;
import org.affinityensemble.model.task.TaskClassifier;
import org.affinityensemble.model.task.LanguageModel;
import org.affinityensemble.model.gradient.ProjectedGradients;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.train.LoraTrainer;
import org.affinityensemble.training.Baselines;
import org.affinityensemble.training.AdapterLogits;
import org.affinityensemble.training.AdapterTrainer;
import org.affinityensemble.training.Boosting;
import org.affinityensemble.training.EnsembleEvaluator;
import org.affinityensemble.training.EnsemblePipeline;
import org.affinityensemble.training.EnsembleProcedure;
import org.affinityensemble.training.EnsembleWeightFitter;
import org.affinityensemble.training.EnsembleWeighting;
import org.affinityensemble.training.LogitCache;
import org.affinityensemble.training.ProbeMixture;
import org.affinityensemble.training.TaskClassifiers;
import org.affinityensemble.training.TaskData;
import org.affinityensemble.training.TaskScore;

/**
 * The accuracy benchmark ({@code bin/ensemble bench accuracy}; docs/training.md, ADR 0074). On one seeded sample
 * of the cached tasks it first scores two baselines without adapters ({@link Baselines}: the zero-shot
 * classifier and a linear probe on the frozen model's sentence embeddings), then trains, with one LoRA configuration
 * and training budget per adapter:
 * <ol>
 * <li>one adapter on all tasks (each task predicted by it, weight 1);</li>
 * <li>one adapter per task (each task by its own adapter, weight 1);</li>
 * <li>a seeded random grouping with the affinity grouping's group sizes, one adapter per group, per-task weights
 * learned on validation data, no boosting;</li>
 * <li>the affinity grouping: projected gradients at the adapters' initialisation, the affinity service's surrogate
 * and matrix, the cluster service's SDP planner ({@link AccuracyGroupings}), then one adapter per group and
 * learned weights;</li>
 * <li>the same with boosting: the boosting adapters on the hardest group, weights learned again.</li>
 * </ol>
 * Adapters, boosting, weights and scores are the trainer service's own code ({@link EnsemblePipeline} over
 * {@link AdapterTrainer} and {@link EnsembleEvaluator}). The affinity matrix and the groupings are printed to
 * stdout before training; then the table of test accuracy ± standard error per task ({@link AccuracyReport}) and the
 * {@code key=value} figures. Progress goes to stderr. With {@code --meta-init-epochs=E} every adapter of every
 * column, and the affinity gradients, start from a meta-initialisation θ* ({@link MetaInitialisation}) instead of
 * the LoRA initialisation. {@code --columns} restricts the run to some columns (a quick proxy); the figures then
 * compare the last trained column with the probe ({@code margin_over_probe=}, {@code tasks_below_probe=}). As the
 * services serve it (ADR 0124), every fine-tuned column mixes each task's linear probe in last, its weight α chosen
 * on validation ({@link ProbeMixture}); the columns report what is served, and stderr shows each task's α and the
 * adapters' score alone ({@code --probe-member=false}: the adapters alone).
 */
public final class AccuracyBenchmark {

    /** The affinity ensemble's name in adapter ids ({@code affinity-g0}, {@code affinity-boost1}). */
    static final String AFFINITY_NAME = "affinity";

    /** As the trainer service's ensemble evaluation: far more than the (adapter, task, split) entries of a run. */
    private static final int CACHED_LOGITS = 1024;

    private AccuracyBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        AccuracyOptions options = AccuracyOptions.parse(args);
        DatasetFetcher.ensureCached(options.tasks(), DatasetCache.defaultDirectory(), System.err);
        try (LanguageModel model = BenchModels.load(options.modelDir())) {
            run(model, new DatasetCache(DatasetCache.defaultDirectory()), options, System.out::println);
        }
    }

    /** Runs the benchmark; {@code out} receives the printed lines (matrix and groupings first). */
    public static AccuracyReport run(LanguageModel model, DatasetCache cache, AccuracyOptions options,
            Consumer<String> out) throws IOException {
        long started = System.nanoTime();
        AccuracyData data = AccuracyData.load(cache, options.tasks(), new SplitCaps(options.trainPerTask(),
                options.validationPerTask(), options.testPerTask()), options.seed());
        List<TaskData> tasks = data.tasks();
        List<String> taskIds = data.taskIds();
        progress("%d tasks: %s", tasks.size(), tasks.stream().map(t -> format("%s %d/%d/%d", t.taskId(),
                t.train().size(), t.validation().size(), t.test().size())).toList());

        LoraSpec lora = options.lora();
        TaskClassifiers classifiers = new TaskClassifiers(model,
                new ClassifierSettings(options.scale(), options.maxLength()));
        TaskClassifier all = classifiers.forTasks(tasks.stream().map(TaskData::taskLabels).toList());
        List<AccuracyColumn> columns = new ArrayList<>();
        Baselines.Scores baselineScores = null;

        // The baselines without adapters, on the same splits: the frozen classifier and the linear probe.
        // The probe is also every fine-tuned column's last member (--probe-member, as the services serve it).
        if (options.has(AccuracyReport.ZERO_SHOT) || options.has(AccuracyReport.PROBE) || options.probeMember()) {
            long baselineStarted = System.nanoTime();
            Baselines.Scores baselines = Baselines.compute(classifiers, options.maxLength(), tasks);
            baselineScores = baselines;
            double seconds = (System.nanoTime() - baselineStarted) / 1e9;
            if (options.has(AccuracyReport.ZERO_SHOT)) {
                columns.add(new AccuracyColumn(AccuracyReport.ZERO_SHOT, "zero-shot", baselines.zeroShot(), 0, 0));
            }
            if (options.has(AccuracyReport.PROBE)) {
                columns.add(new AccuracyColumn(AccuracyReport.PROBE, "linear probe", baselines.probe(), 0, seconds));
            }
            progress("baselines (%.0f s): zero-shot mean test accuracy %.4f, linear probe %.4f; %s", seconds,
                    AccuracyColumn.mean(baselines.zeroShot().values().stream().map(TaskScore::testAccuracy).toList()),
                    AccuracyColumn.mean(baselines.probe().values().stream().map(TaskScore::testAccuracy).toList()),
                    Baselines.chosenText(baselines.chosenC()));
        }

        // θ0, or the meta-initialisation θ* trained from it on every task: the point the affinity gradients are
        // taken at and every adapter of every column starts from.
        LoraAdapter initialisation = model.initialAdapter(lora);
        boolean trains = options.columns().stream().anyMatch(c -> !c.equals(AccuracyReport.ZERO_SHOT)
                && !c.equals(AccuracyReport.PROBE));
        if (trains && options.metaInitEpochs() > 0) {
            String key = String.join(",", taskIds) + "|" + options.trainPerTask() + "|" + options.seed() + "|"
                    + options.metaInitTraining() + "|" + lora + "|" + options.scale() + "|" + model.modelId();
            Optional<LoraAdapter> cached = options.metaInitCache().isEmpty() ? Optional.empty()
                    : new MetaInitialisationCache(Path.of(options.metaInitCache())).load(key, initialisation);
            if (cached.isPresent()) {
                progress("meta-initialisation from the cache %s (%s)", options.metaInitCache(),
                        MetaInitialisationCache.hash(key));
                initialisation = cached.get();
            } else {
                progress("meta-initialisation: %d epoch(s) on every task's training examples ...",
                        options.metaInitEpochs());
                MetaInitialisation.Result meta = MetaInitialisation.train(
                        new LoraTrainer(all, options.metaInitTraining()), initialisation, data.gradientExamples());
                progress("meta-initialisation took %.1f s on %d examples; train loss per epoch %s", meta.seconds(),
                        meta.examples(), meta.trainLosses());
                initialisation = meta.adapter();
                if (!options.metaInitCache().isEmpty()) {
                    new MetaInitialisationCache(Path.of(options.metaInitCache())).store(key, initialisation);
                }
            }
        }
        EnsembleEvaluator evaluator = new EnsembleEvaluator(new AdapterLogits(classifiers),
                new EnsembleWeighting(EnsembleWeightFitter.withLambda(options.weightsL2()), options.eta()),
                new LogitCache(CACHED_LOGITS));
        EnsemblePipeline pipeline = new EnsemblePipeline(
                new AdapterTrainer(classifiers, initialisation, options.training()), evaluator,
                baselineScores == null ? null : baselineScores::of);

        AccuracyGroupings.AffinityGrouping affinity = null;
        List<List<String>> random = List.of();
        if (options.needsGrouping()) {
            progress("affinity grouping: gradients of %d examples at d=%d, at least %d subsets with every pair in %d,"
                    + " %s ...", data.gradientExamples().examples().size(), options.dim(), options.subsets(),
                    options.minPairCoverage(),
                    options.groups().isPresent() ? "m=" + options.groups().getAsInt()
                            : "m by the count rule " + options.groupCountRule());
            ProjectionSpec spec = ProjectedGradients.spec(model, lora, options.maxLength(), options.projectionSeed(),
                    options.dim());
            affinity = AccuracyGroupings.affinity(data, all, spec, initialisation, options);
            random = AccuracyGroupings.randomWithSizes(taskIds, AccuracyGroupings.sizes(affinity.groups()),
                    options.seed());
            AccuracyReport.groupingLines(options, affinity, random).forEach(out);
        }

        if (options.has(AccuracyReport.SINGLE)) {
            progress("one adapter on all tasks ...");
            EnsemblePipeline.Result single = pipeline.run("single", tasks, List.of(taskIds),
                    new EnsembleProcedure.Options(0, false, options.probeMember())).get(0);
            progress("  mean test accuracy %.4f, %.0f s", single.meanTestAccuracy(), single.trainSeconds());
            columns.add(column(AccuracyReport.SINGLE, "one adapter, all tasks", single, single.trainSeconds()));
        }

        if (options.has(AccuracyReport.PER_TASK)) {
            progress("one adapter per task ...");
            EnsemblePipeline.Result perTask = pipeline.run("task", tasks, taskIds.stream().map(List::of).toList(),
                    new EnsembleProcedure.Options(0, false, options.probeMember())).get(0);
            progress("  mean test accuracy %.4f, %.0f s", perTask.meanTestAccuracy(), perTask.trainSeconds());
            columns.add(column(AccuracyReport.PER_TASK, "one adapter per task", perTask, perTask.trainSeconds()));
            probeMember("one adapter per task", perTask);
        }

        if (options.has(AccuracyReport.RANDOM_GROUPS)) {
            progress("random grouping %s ...", AccuracyReport.groupsText(random));
            EnsemblePipeline.Result randomGroups = pipeline.run("random", tasks, random,
                    new EnsembleProcedure.Options(0, true, options.probeMember())).get(0);
            progress("  mean test accuracy %.4f, %.0f s", randomGroups.meanTestAccuracy(),
                    randomGroups.trainSeconds());
            columns.add(column(AccuracyReport.RANDOM_GROUPS, "random groups", randomGroups,
                    randomGroups.trainSeconds()));
        }

        List<Boosting.GroupLoss> boostTargets = List.of();
        if (options.has(AccuracyReport.AFFINITY) || options.has(AccuracyReport.AFFINITY_BOOST)) {
            int boostingSteps = options.has(AccuracyReport.AFFINITY_BOOST) ? options.boostingSteps() : 0;
            progress("affinity grouping %s, %d boosting step(s) ...", AccuracyReport.groupsText(affinity.groups()),
                    boostingSteps);
            List<EnsemblePipeline.Result> stages = pipeline.run(AFFINITY_NAME, tasks, affinity.groups(),
                    new EnsembleProcedure.Options(boostingSteps, true, options.probeMember()));
            EnsemblePipeline.Result grouped = stages.get(0);
            EnsemblePipeline.Result boosted = stages.get(stages.size() - 1);
            probeMember("affinity groups", grouped);
            probeMember("affinity + boosting", boosted);
            progress("  mean test accuracy %.4f without boosting, %.4f with; adapters %.0f s + %.0f s of steps 1-3",
                    grouped.meanTestAccuracy(), boosted.meanTestAccuracy(), boosted.trainSeconds(),
                    affinity.seconds());
            if (options.has(AccuracyReport.AFFINITY)) {
                columns.add(column(AccuracyReport.AFFINITY, "affinity groups", grouped,
                        affinity.seconds() + grouped.trainSeconds()));
            }
            for (EnsembleProcedure.BoostDecision decision : boosted.boostDecisions()) {
                String line = format("boosting adapter for %s %s: group validation loss %.4f without it, %.4f with it",
                        decision.groupId(), decision.kept() ? "kept" : "dropped", decision.validationLossWithout(),
                        decision.validationLossWith());
                progress("  %s", line);
                out.accept(line);
            }
            if (options.has(AccuracyReport.AFFINITY_BOOST)) {
                columns.add(column(AccuracyReport.AFFINITY_BOOST, "affinity + boosting", boosted,
                        affinity.seconds() + boosted.trainSeconds()));
                boostTargets = boosted.boostTargets();
            }
        }

        AccuracyReport report = new AccuracyReport(options, affinity, random, boostTargets, columns);
        report.lines().forEach(out);
        progress("whole run %.0f s", (System.nanoTime() - started) / 1e9);
        return report;
    }

    private static AccuracyColumn column(String key, String title, EnsemblePipeline.Result result, double seconds) {
        Map<String, TaskScore> scores = result.scores();
        return new AccuracyColumn(key, title, scores, result.members().size(), seconds);
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    private static void progress(String pattern, Object... args) {
        System.err.println(format(pattern, args));
    }

    /** Prints each task's probe member (α) and what the column scores with the adapters alone and as served. */
    private static void probeMember(String title, EnsemblePipeline.Result result) {
        EnsembleProcedure.Outcome outcome = result.outcome();
        if (outcome.probes().isEmpty()) { // served = the adapters alone on every task
            return;
        }
        StringBuilder detail = new StringBuilder();
        for (String task : outcome.scores().keySet()) {
            ProbeMixture.Member member = outcome.probes().get(task);
            detail.append(format(" %s a=%.1f %.3f->%.3f", task, member == null ? 0 : member.alpha(),
                    outcome.adapterScores().get(task).testAccuracy(), outcome.scores().get(task).testAccuracy()));
        }
        progress("probe member of %s: mean test accuracy %.4f with the adapters alone -> %.4f served;%s", title,
                AccuracyColumn.mean(outcome.adapterScores().values().stream().map(TaskScore::testAccuracy).toList()),
                result.meanTestAccuracy(), detail);
    }
}
