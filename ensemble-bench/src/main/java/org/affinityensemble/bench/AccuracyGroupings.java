package org.affinityensemble.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.affinityensemble.affinity.AffinityEstimator;
import org.affinityensemble.affinity.AffinityMetric;
import org.affinityensemble.affinity.AffinityResult;
import org.affinityensemble.affinity.EstimatorChoice;
import org.affinityensemble.affinity.SamplingPolicy;
import org.affinityensemble.affinity.SubsetSampler;
import org.affinityensemble.events.ProjectionSpec;
import org.affinityensemble.events.StartAdapter;
import org.affinityensemble.grouping.GroupingPlan;
import org.affinityensemble.grouping.GroupingPlanner;
import org.affinityensemble.grouping.PlannerSettings;
import org.affinityensemble.grouping.SdpSettings;
import org.affinityensemble.model.task.TaskClassifier;
import org.affinityensemble.model.lora.LoraAdapter;

/**
 * The groupings the accuracy benchmark trains: the method's (steps 1–3 with the services' own domain classes:
 * projected gradients at the adapters' initialisation as the gradient workers compute them, the affinity
 * service's subset sampling, surrogate and matrix, the cluster service's SDP planner) and the random baseline with
 * the same group sizes.
 */
public final class AccuracyGroupings {

    private AccuracyGroupings() {
    }

    /**
     * The affinity grouping and what it took: the affinity matrix over {@code tasks} (row and column order), the
     * planner's grouping, and the wall-clock seconds of the gradients, the surrogate (subsets and matrix) and the
     * planner.
     */
    public record AffinityGrouping(List<String> tasks, double[][] matrix, GroupingPlan plan, int subsets,
            double gradientSeconds, double surrogateSeconds, double groupingSeconds) {

        public AffinityGrouping {
            tasks = List.copyOf(tasks);
        }

        public List<List<String>> groups() {
            return plan.groups();
        }

        /** Gradients + surrogate + grouping: what the affinity columns pay before their first adapter. */
        public double seconds() {
            return gradientSeconds + surrogateSeconds + groupingSeconds;
        }
    }

    /**
     * Steps 1–3 on the benchmark's training and validation examples.
     *
     * @param classifier     a classifier over all the tasks (its label prototypes are the trainer's)
     * @param spec           the projection (dimension, seed) the gradient workers use
     * @param initialisation the LoRA initialisation every adapter starts from; the gradients are taken there, or at
     *                       θ0 with {@code --affinity-start=lora-init}
     */
    public static AffinityGrouping affinity(AccuracyData data, TaskClassifier classifier, ProjectionSpec spec,
            LoraAdapter initialisation, AccuracyOptions options) {
        LoraAdapter at = options.affinityAtAdapterStart() ? initialisation
                : LoraAdapter.initialise(initialisation.spec(), classifier.layout(initialisation.spec()));
        GradientTable table = GradientTable.compute(classifier, spec, at,
                data.gradientExamples().examples(), options.batchSize(), options.affinityFreezeA(),
                options.affinityLabelScale());
        return affinity(data.taskIds(), table, spec, options);
    }

    /** Steps 2–3 on gradients already computed ({@code table}, at {@code spec}) over {@code taskIds}. */
    public static AffinityGrouping affinity(List<String> taskIds, GradientTable table, ProjectionSpec spec,
            AccuracyOptions options) {
        long started = System.nanoTime();
        SamplingPolicy policy = SamplingPolicy.defaults(options.affinitySeed()).withSubsetCount(options.subsets())
                .withMinPairCoverage(options.minPairCoverage());
        AffinityEstimator estimator = new AffinityEstimator(new SubsetSampler(policy), estimatorChoice(options).estimator(),
                AffinityMetric.NEGATIVE_LOSS, options.threads());
        AffinityResult affinity = estimator.estimate(taskIds, table.source(spec.dim()));
        double surrogateSeconds = (System.nanoTime() - started) / 1e9;

        started = System.nanoTime();
        GroupingPlan plan = planner(options).plan(affinity.tasks(), affinity.matrix(), options.groups());
        double groupingSeconds = (System.nanoTime() - started) / 1e9;
        return new AffinityGrouping(affinity.tasks(), affinity.matrix(), plan, affinity.estimates().size(),
                table.seconds(), surrogateSeconds, groupingSeconds);
    }

    /**
     * The affinity service's subset estimator for the benchmark's gradients, chosen as the service chooses it
     * ({@link EstimatorChoice}): {@code --estimator} resolved by where the gradients were taken (auto: the
     * trajectory at θ* with A frozen), the trajectory on the adapters' schedule with the calibrated factor.
     */
    static EstimatorChoice estimatorChoice(AccuracyOptions options) {
        StartAdapter start = options.metaInitEpochs() > 0 && options.affinityAtAdapterStart()
                ? new StartAdapter("bench-meta", options.freezeA()) : null;
        return EstimatorChoice.of(options.estimator(), start, options.lambda(), options.calibration(),
                options.training().schedule());
    }

    /**
     * The cluster service's planner as the service builds it: the count rule of {@code --count-rule} picks m
     * unless {@code --groups} fixes it, SDP solver defaults, the rounding seed {@code --planner-seed}.
     */
    static GroupingPlanner planner(AccuracyOptions options) {
        return new GroupingPlanner(new PlannerSettings(options.groupCountRule(), options.plannerSeed(),
                SdpSettings.defaults()));
    }

    /**
     * A seeded random grouping of {@code tasks} with the given group sizes, in order: the tasks shuffled by
     * {@code new Random(seed)}, then cut into consecutive groups of {@code sizes}.
     *
     * @throws IllegalArgumentException when the sizes are not positive or do not add up to the number of tasks
     */
    public static List<List<String>> randomWithSizes(List<String> tasks, List<Integer> sizes, long seed) {
        if (sizes.stream().anyMatch(size -> size < 1)
                || sizes.stream().mapToInt(Integer::intValue).sum() != tasks.size()) {
            throw new IllegalArgumentException("group sizes " + sizes + " do not partition " + tasks.size()
                    + " tasks");
        }
        List<String> shuffled = new ArrayList<>(tasks);
        Collections.shuffle(shuffled, new Random(seed));
        List<List<String>> groups = new ArrayList<>();
        int from = 0;
        for (int size : sizes) {
            groups.add(List.copyOf(shuffled.subList(from, from + size)));
            from += size;
        }
        return List.copyOf(groups);
    }

    /** The sizes of groups, in order. */
    public static List<Integer> sizes(List<List<String>> groups) {
        return groups.stream().map(List::size).toList();
    }
}
