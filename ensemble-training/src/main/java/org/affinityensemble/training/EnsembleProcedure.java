package org.affinityensemble.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.infer.Softmax;
import org.affinityensemble.storage.EnsembleManifest.AdapterEntry.Kind;

/**
 * Steps 4 and 5 of the method after the group adapters are trained, as decisions: whether the next thing to
 * train is a boosting adapter (and on which group, fitted to which residuals), or the ensemble is complete (the
 * per-task weights learned on validation data, and every task's scores). A boosting adapter joins the ensemble
 * only when, with the weights learned again, it lowers its group's validation loss under the ensemble (the mean
 * cross-entropy over the group's tasks' validation examples) by at least {@link #MIN_LOSS_GAIN}; otherwise it is dropped with that reason, and
 * boosting stops (the next round would fit the same residuals again). The one control flow for building an
 * ensemble: the per-task linear probe joins each task's prediction last where its validation loss says so
 * ({@link Options#probeMember}). The trainer-service runs it over training runs that may execute anywhere and survive restarts
 * ({@code EnsembleBuilder}), the benchmarks in one process ({@link EnsemblePipeline}); either way the same
 * decisions follow from the same adapters. Stateless; thread-safe as its evaluator is.
 */
public final class EnsembleProcedure {

    private static final double ACTIVE = 1e-9;

    /**
     * The least drop in the group's mean validation cross-entropy (nats) for which a boosting adapter is kept: below
     * it the learned weights leave the adapter next to nothing, the "gain" is rounding noise that may go either way
     * between two runs, and the adapter would still cost a forward pass on every request.
     */
    public static final double MIN_LOSS_GAIN = 1e-3;

    private final EnsembleEvaluator evaluator;
    private final Options options;
    private final Function<TaskData, Baselines.TaskBaselines> baselines;

    /**
     * @param baselines each task's linear probe on the frozen model (and its log-probabilities on the task's
     *     splits), for {@link Options#probeMember}; may be null when that is off
     */
    public EnsembleProcedure(EnsembleEvaluator evaluator, Options options,
            Function<TaskData, Baselines.TaskBaselines> baselines) {
        if (options.probeMember() && baselines == null) {
            throw new IllegalArgumentException("the probe member needs each task's probe");
        }
        this.evaluator = evaluator;
        this.options = options;
        this.baselines = baselines;
    }

    /**
     * Boosting rounds after the group adapters; whether the per-task weights are learned on validation data
     * (false: each task is predicted by its own group's adapter with weight 1, and boosting adapters at η); and
     * whether each task's linear probe on the frozen model joins its prediction last, with the weight α its
     * validation loss chooses ({@link ProbeMixture}, ADR 0124).
     */
    public record Options(int boostingSteps, boolean learnWeights, boolean probeMember) {

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

    /**
     * Whether a boosting round's adapter joined the ensemble: its group's validation loss under the ensemble
     * (weights learned again) without and with it.
     */
    public record BoostDecision(String adapterId, String groupId, double validationLossWithout,
            double validationLossWith, boolean kept) {

        /** Why a dropped adapter is not in the ensemble (or that a kept one helped). */
        public String reason() {
            return String.format(java.util.Locale.ROOT, "%s %s: group %s validation loss %.4f without it, %.4f with it",
                    adapterId, kept ? "kept" : "dropped", groupId, validationLossWithout, validationLossWith);
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
     * succeeded and lowered their group's validation loss), every task's weights over them (member order), the
     * probe member of every task whose prediction mixes one in (α > 0), every task's scores as served (with its
     * probe member) and the adapters' alone, and the decision on every boosting adapter that was trained.
     */
    public record Outcome(List<TrainedMember> members, Map<String, double[]> weights,
            Map<String, ProbeMixture.Member> probes, Map<String, TaskScore> scores,
            Map<String, TaskScore> adapterScores, List<BoostDecision> boostDecisions) {

        public Outcome {
            members = List.copyOf(members);
            probes = Map.copyOf(probes);
            boostDecisions = List.copyOf(boostDecisions);
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
     * another boosting round while rounds remain, none failed and none was dropped, else the finished ensemble.
     */
    public Step next(List<TrainedMember> groups, List<BoostRound> rounds, List<TaskData> tasks) {
        for (TrainedMember group : groups) {
            if (group.member().kind() != Kind.GROUP) {
                throw new IllegalArgumentException(group.adapterId() + " is not a group adapter");
            }
        }
        Ensemble ensemble = ensemble(groups, rounds, tasks);
        boolean failed = rounds.stream().anyMatch(round -> !round.succeeded());
        boolean dropped = ensemble.decisions().stream().anyMatch(decision -> !decision.kept());
        if (rounds.size() >= options.boostingSteps() || failed || dropped) {
            return new Finish(outcome(ensemble, tasks));
        }
        EnsembleEvaluator.BoostPlan plan = evaluator.planBoost(ensemble.members(), ensemble.weights(), tasks);
        List<String> targetTasks = groups.stream()
                .filter(group -> group.member().groupId().equals(plan.target().groupId()))
                .findFirst().orElseThrow().member().tasks();
        return new Boost(rounds.size() + 1, plan.target(), plan.losses(), targetTasks, plan.residuals());
    }

    /**
     * The ensemble after the group adapters and the boosting rounds so far, each successful round's adapter
     * kept only where it lowered its group's validation loss: the weights and scores, and the decisions.
     */
    public Outcome outcome(List<TrainedMember> groups, List<BoostRound> rounds, List<TaskData> tasks) {
        return outcome(ensemble(groups, rounds, tasks), tasks);
    }

    /** The members so far, their weights, and the decisions on the boosting adapters. */
    private record Ensemble(List<TrainedMember> members, Map<String, double[]> weights,
            List<BoostDecision> decisions) {
    }

    private Ensemble ensemble(List<TrainedMember> groups, List<BoostRound> rounds, List<TaskData> tasks) {
        Map<String, TaskData> byId = new LinkedHashMap<>();
        tasks.forEach(task -> byId.put(task.taskId(), task));
        List<TrainedMember> members = new ArrayList<>(groups);
        Map<String, double[]> weights = weights(members, tasks);
        List<BoostDecision> decisions = new ArrayList<>();
        for (BoostRound round : rounds) {
            if (!round.succeeded()) {
                continue;
            }
            TrainedMember boost = round.member();
            List<TrainedMember> candidate = new ArrayList<>(members);
            candidate.add(boost);
            Map<String, double[]> candidateWeights = weights(candidate, tasks);
            double without = groupValidationLoss(members, weights, boost.member().tasks(), byId);
            double with = groupValidationLoss(candidate, candidateWeights, boost.member().tasks(), byId);
            boolean kept = without - with >= MIN_LOSS_GAIN;
            decisions.add(new BoostDecision(boost.adapterId(), boost.member().groupId(), without, with, kept));
            if (kept) {
                members = candidate;
                weights = candidateWeights;
            }
        }
        return new Ensemble(members, weights, decisions);
    }

    private Outcome outcome(Ensemble ensemble, List<TaskData> tasks) {
        Map<String, TaskScore> scores = new LinkedHashMap<>();
        Map<String, TaskScore> adapterScores = new LinkedHashMap<>();
        Map<String, ProbeMixture.Member> probes = new LinkedHashMap<>();
        for (TaskData task : tasks) {
            double[] weights = ensemble.weights().get(task.taskId());
            TaskScore alone = evaluator.score(ensemble.members(), weights, task);
            adapterScores.put(task.taskId(), alone);
            scores.put(task.taskId(), alone);
            if (!options.probeMember()) {
                continue;
            }
            Baselines.TaskBaselines probe = baselines.apply(task);
            ProbeMixture.Choice choice = ProbeMixture.choose(
                    evaluator.ensembleLogits(ensemble.members(), weights, task, EnsembleEvaluator.Split.VALIDATION),
                    probe.probeValidation(), AdapterLogits.labels(task.validation()),
                    evaluator.ensembleLogits(ensemble.members(), weights, task, EnsembleEvaluator.Split.TEST),
                    probe.probeTest(), AdapterLogits.labels(task.test()));
            if (choice.alpha() > 0) {
                probes.put(task.taskId(), new ProbeMixture.Member(choice.alpha(), probe.fitted()));
                scores.put(task.taskId(), new TaskScore(choice.validationAccuracy(), choice.validationLoss(),
                        choice.testAccuracy(), alone.zeroShotValidationAccuracy(), alone.validationExamples(),
                        alone.testExamples()));
            }
        }
        return new Outcome(ensemble.members(), ensemble.weights(), probes, scores, adapterScores,
                ensemble.decisions());
    }

    /** The mean cross-entropy of the ensemble over every validation example of the tasks. */
    private double groupValidationLoss(List<TrainedMember> members, Map<String, double[]> weights, List<String> taskIds,
            Map<String, TaskData> byId) {
        double sum = 0;
        int count = 0;
        for (String taskId : taskIds) {
            TaskData task = byId.get(taskId);
            double[][] logits = evaluator.ensembleLogits(members, weights.get(taskId), task,
                    EnsembleEvaluator.Split.VALIDATION);
            int[] labels = AdapterLogits.labels(task.validation());
            for (int i = 0; i < labels.length; i++) {
                sum += Softmax.crossEntropy(logits[i], labels[i]);
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    private Map<String, double[]> weights(List<TrainedMember> members, List<TaskData> tasks) {
        return options.learnWeights() ? evaluator.weights(members, tasks) : evaluator.priorWeights(members, tasks);
    }
}
