package org.affinityensemble.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.storage.EnsembleManifest.AdapterEntry.Kind;

/**
 * Steps 4 and 5 of the method after the group adapters are trained, as decisions: whether the next thing to
 * train is a boosting adapter (and on which group, fitted to which residuals), or the ensemble is complete (the
 * per-task weights learned on validation data, and every task's scores). The one control flow for building an
 * ensemble: the trainer-service runs it over training runs that may execute anywhere and survive restarts
 * ({@code EnsembleBuilder}), the benchmarks in one process ({@link EnsemblePipeline}); either way the same
 * decisions follow from the same adapters. Stateless; thread-safe as its evaluator is.
 */
public final class EnsembleProcedure {

    private static final double ACTIVE = 1e-9;

    private final EnsembleEvaluator evaluator;
    private final Options options;

    public EnsembleProcedure(EnsembleEvaluator evaluator, Options options) {
        this.evaluator = evaluator;
        this.options = options;
    }

    /**
     * Boosting rounds after the group adapters, and whether the per-task weights are learned on validation data
     * (false: each task is predicted by its own group's adapter with weight 1, and boosting adapters at η).
     */
    public record Options(int boostingSteps, boolean learnWeights) {

        public Options {
            if (boostingSteps < 0) {
                throw new IllegalArgumentException("boosting steps must not be negative");
            }
        }
    }

    /** A boosting round so far: its trained adapter, or why it has none. */
    public record BoostRound(TrainedMember member, String failure) {

        public static BoostRound trained(TrainedMember member) {
            return new BoostRound(member, null);
        }

        public static BoostRound failed(String reason) {
            return new BoostRound(null, reason);
        }

        public boolean succeeded() {
            return member != null;
        }
    }

    /** What to do next. */
    public sealed interface Step permits Boost, Finish {
    }

    /**
     * Train boosting adapter number {@code round} on the tasks of group {@code target}, its centred correct-label
     * logit fitted to {@code residuals} (r(x) = 1 − p_ens(y|x) of every training and validation example of those
     * tasks); {@code losses} are every group's training loss under the ensemble so far.
     */
    public record Boost(int round, Boosting.GroupLoss target, List<Boosting.GroupLoss> losses, List<String> tasks,
            Map<LabelledText, Double> residuals) implements Step {
    }

    /** The ensemble is complete. */
    public record Finish(Outcome outcome) implements Step {
    }

    /**
     * An ensemble and how it does: its members (the group adapters in group order, then the boosting adapters that
     * succeeded), every task's weights over them (member order) and scores.
     */
    public record Outcome(List<TrainedMember> members, Map<String, double[]> weights, Map<String, TaskScore> scores) {

        public Outcome {
            members = List.copyOf(members);
        }

        /** A task's weights by adapter id, leaving out the adapters it does not use (the manifest's form). */
        public Map<String, Double> activeWeights(String taskId) {
            double[] w = weights.get(taskId);
            Map<String, Double> byAdapter = new LinkedHashMap<>();
            for (int k = 0; k < members.size(); k++) {
                if (w[k] > ACTIVE) {
                    byAdapter.put(members.get(k).adapterId(), w[k]);
                }
            }
            return byAdapter;
        }

        public double meanTestAccuracy() {
            return scores.values().stream().mapToDouble(TaskScore::testAccuracy).average().orElse(Double.NaN);
        }
    }

    /**
     * What follows the group adapters {@code groups} (one per group, all trained) and the boosting rounds so far:
     * another boosting round while rounds remain and none failed, else the finished ensemble.
     */
    public Step next(List<TrainedMember> groups, List<BoostRound> rounds, List<TaskData> tasks) {
        for (TrainedMember group : groups) {
            if (group.member().kind() != Kind.GROUP) {
                throw new IllegalArgumentException(group.adapterId() + " is not a group adapter");
            }
        }
        List<TrainedMember> members = members(groups, rounds);
        boolean failed = rounds.stream().anyMatch(round -> !round.succeeded());
        if (rounds.size() >= options.boostingSteps() || failed) {
            return new Finish(outcome(members, tasks));
        }
        EnsembleEvaluator.BoostPlan plan = evaluator.planBoost(members, weights(members, tasks), tasks);
        List<String> targetTasks = groups.stream()
                .filter(group -> group.member().groupId().equals(plan.target().groupId()))
                .findFirst().orElseThrow().member().tasks();
        return new Boost(rounds.size() + 1, plan.target(), plan.losses(), targetTasks, plan.residuals());
    }

    /** The ensemble of {@code members} on {@code tasks}: the weights, and every task's scores under them. */
    public Outcome outcome(List<TrainedMember> members, List<TaskData> tasks) {
        Map<String, double[]> weights = weights(members, tasks);
        Map<String, TaskScore> scores = new LinkedHashMap<>();
        for (TaskData task : tasks) {
            scores.put(task.taskId(), evaluator.score(members, weights.get(task.taskId()), task));
        }
        return new Outcome(members, weights, scores);
    }

    /** The group adapters, then the boosting adapters that succeeded, in round order. */
    public static List<TrainedMember> members(List<TrainedMember> groups, List<BoostRound> rounds) {
        List<TrainedMember> members = new ArrayList<>(groups);
        rounds.stream().filter(BoostRound::succeeded).map(BoostRound::member).forEach(members::add);
        return members;
    }

    private Map<String, double[]> weights(List<TrainedMember> members, List<TaskData> tasks) {
        return options.learnWeights() ? evaluator.weights(members, tasks) : evaluator.priorWeights(members, tasks);
    }
}
