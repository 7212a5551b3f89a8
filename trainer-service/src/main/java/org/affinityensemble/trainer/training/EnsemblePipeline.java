package org.affinityensemble.trainer.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.affinityensemble.model.train.TrainingOutcome;
import org.affinityensemble.storage.EnsembleManifest.AdapterEntry.Kind;

/**
 * Steps 4 and 5 of the method in one process, for the benchmarks: one adapter per group, then {@code boosting}
 * rounds (each fits a new adapter to the residual of the ensemble so far on the group with the highest training
 * loss), with per-task weights learned on validation data (or the group prior alone) and scores after every
 * stage. A boosting adapter is kept only when, with the weights learned again, it lowers its group's validation
 * loss under the ensemble (the mean cross-entropy over the group's tasks' validation examples); otherwise the
 * round leaves the ensemble as it was (issue #19). The trainer-service runs the same steps distributed over training runs ({@code EnsembleBuilder}).
 */
public final class EnsemblePipeline {

    private final AdapterTrainer trainer;
    private final EnsembleEvaluator evaluator;

    public EnsemblePipeline(AdapterTrainer trainer, EnsembleEvaluator evaluator) {
        this.trainer = trainer;
        this.evaluator = evaluator;
    }

    /**
     * Whether a boosting round's adapter was kept: its group's validation loss under the ensemble (weights learned
     * again) without and with it.
     */
    public record BoostDecision(String groupId, double validationLossWithout, double validationLossWith,
            boolean kept) {
    }

    /** Boosting rounds, and whether to learn the weights (false: each task uses its group's adapter, weight 1). */
    public record Options(int boostingSteps, boolean learnWeights) {
    }

    /**
     * The ensemble at one stage and how it did: members, weights (member order), scores by task, seconds spent so
     * far training adapters and evaluating (logits, weights, boosting plans), and the group each boosting round so
     * far targeted.
     */
    public record Result(List<TrainedMember> members, Map<String, double[]> weights, Map<String, TaskScore> scores,
            double trainSeconds, double evaluationSeconds, List<Boosting.GroupLoss> boostTargets,
            List<BoostDecision> boostDecisions) {

        public double meanTestAccuracy() {
            return scores.values().stream().mapToDouble(TaskScore::testAccuracy).average().orElse(Double.NaN);
        }
    }

    /**
     * Runs the steps and scores the ensemble after the group adapters and again after each boosting round
     * (element 0: no boosting; element s: s boosting adapters; times are cumulative). Adapter ids are
     * {@code name + "-g" + i} and {@code name + "-boost" + step}.
     */
    public List<Result> run(String name, List<TaskData> tasks, List<List<String>> groups, Options options) {
        Map<String, TaskData> byId = new LinkedHashMap<>();
        tasks.forEach(task -> byId.put(task.taskId(), task));
        List<TrainedMember> members = new ArrayList<>();
        long trainNanos = 0;
        for (int g = 0; g < groups.size(); g++) {
            List<TaskData> groupTasks = groups.get(g).stream().map(byId::get).toList();
            long started = System.nanoTime();
            TrainingOutcome outcome = trainer.trainGroup(groupTasks);
            trainNanos += System.nanoTime() - started;
            String groupId = name + "-g" + g;
            members.add(new TrainedMember(new EnsembleMember(groupId, Kind.GROUP, groupId, groups.get(g)),
                    outcome.best()));
        }
        List<Result> stages = new ArrayList<>();
        long evaluationNanos = 0;
        List<Boosting.GroupLoss> targets = new ArrayList<>();
        List<BoostDecision> decisions = new ArrayList<>();
        Map<String, double[]> weights = null;
        for (int step = 0; step <= options.boostingSteps(); step++) {
            long started = System.nanoTime();
            if (weights == null) {
                weights = weigh(members, tasks, options);
            }
            Map<String, TaskScore> scores = new LinkedHashMap<>();
            for (TaskData task : tasks) {
                scores.put(task.taskId(), evaluator.score(members, weights.get(task.taskId()), task));
            }
            evaluationNanos += System.nanoTime() - started;
            stages.add(new Result(List.copyOf(members), weights, scores, trainNanos / 1e9, evaluationNanos / 1e9,
                    List.copyOf(targets), List.copyOf(decisions)));
            if (step == options.boostingSteps()) {
                break;
            }
            started = System.nanoTime();
            EnsembleEvaluator.BoostPlan plan = evaluator.planBoost(members, weights, tasks);
            evaluationNanos += System.nanoTime() - started;
            targets.add(plan.target());
            List<String> targetTasks = members.stream().filter(m -> m.member().kind() == Kind.GROUP
                    && m.member().groupId().equals(plan.target().groupId())).findFirst().orElseThrow()
                    .member().tasks();
            started = System.nanoTime();
            TrainingOutcome outcome = trainer.trainResidual(targetTasks.stream().map(byId::get).toList(),
                    plan.residuals());
            trainNanos += System.nanoTime() - started;
            started = System.nanoTime();
            List<TrainedMember> candidate = new ArrayList<>(members);
            candidate.add(new TrainedMember(new EnsembleMember(name + "-boost" + (step + 1), Kind.BOOST,
                    plan.target().groupId(), targetTasks), outcome.best()));
            Map<String, double[]> candidateWeights = weigh(candidate, tasks, options);
            double without = groupValidationLoss(members, weights, targetTasks, byId);
            double with = groupValidationLoss(candidate, candidateWeights, targetTasks, byId);
            evaluationNanos += System.nanoTime() - started;
            boolean kept = with < without;
            decisions.add(new BoostDecision(plan.target().groupId(), without, with, kept));
            if (kept) {
                members = candidate;
                weights = candidateWeights;
            }
        }
        return stages;
    }

    /** The mean cross-entropy of the ensemble over every validation example of the tasks. */
    private double groupValidationLoss(List<TrainedMember> members, Map<String, double[]> weights, List<String> tasks,
            Map<String, TaskData> byId) {
        double sum = 0;
        int count = 0;
        for (String taskId : tasks) {
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

    private Map<String, double[]> weigh(List<TrainedMember> members, List<TaskData> tasks, Options options) {
        return options.learnWeights() ? evaluator.weights(members, tasks) : evaluator.priorWeights(members, tasks);
    }
}
