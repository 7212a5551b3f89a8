package org.affinityensemble.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.affinityensemble.model.train.TrainingOutcome;
import org.affinityensemble.storage.EnsembleManifest.AdapterEntry.Kind;

/**
 * {@link EnsembleProcedure} in one process, for the benchmarks: trains one adapter per group, then the boosting
 * rounds the procedure asks for, and scores the ensemble after the group adapters and again after each boosting
 * round. The trainer-service follows the same procedure over training runs ({@code EnsembleBuilder}).
 */
public final class EnsemblePipeline {

    private final AdapterTrainer trainer;
    private final EnsembleEvaluator evaluator;
    private final Function<TaskData, Baselines.TaskBaselines> baselines;

    /**
     * @param baselines each task's linear probe, for {@link EnsembleProcedure.Options#probeMember}; may be null
     *     when no run asks for it
     */
    public EnsemblePipeline(AdapterTrainer trainer, EnsembleEvaluator evaluator,
            Function<TaskData, Baselines.TaskBaselines> baselines) {
        this.trainer = trainer;
        this.evaluator = evaluator;
        this.baselines = baselines;
    }

    /**
     * The ensemble at one stage and how it did: the procedure's outcome, seconds spent so far training adapters
     * and evaluating (logits, weights, boosting plans), and the group each boosting round so far targeted.
     */
    public record Result(EnsembleProcedure.Outcome outcome, double trainSeconds, double evaluationSeconds,
            List<Boosting.GroupLoss> boostTargets) {

        public List<TrainedMember> members() {
            return outcome.members();
        }

        public Map<String, double[]> weights() {
            return outcome.weights();
        }

        public Map<String, TaskScore> scores() {
            return outcome.scores();
        }

        public double meanTestAccuracy() {
            return outcome.meanTestAccuracy();
        }

        /** The decision on every boosting adapter trained so far. */
        public List<EnsembleProcedure.BoostDecision> boostDecisions() {
            return outcome.boostDecisions();
        }
    }

    /**
     * Runs the procedure and scores the ensemble after the group adapters and after each boosting round (element 0:
     * no boosting; element s: s boosting rounds; times are cumulative). Adapter ids are {@code name + "-g" + i} and
     * {@code name + "-boost" + round}.
     */
    public List<Result> run(String name, List<TaskData> tasks, List<List<String>> groups,
            EnsembleProcedure.Options options) {
        EnsembleProcedure procedure = new EnsembleProcedure(evaluator, options, baselines);
        Map<String, TaskData> byId = new LinkedHashMap<>();
        tasks.forEach(task -> byId.put(task.taskId(), task));
        List<TrainedMember> groupMembers = new ArrayList<>();
        long trainNanos = 0;
        for (int g = 0; g < groups.size(); g++) {
            long started = System.nanoTime();
            TrainingOutcome outcome = trainer.trainGroup(groups.get(g).stream().map(byId::get).toList());
            trainNanos += System.nanoTime() - started;
            String groupId = name + "-g" + g;
            groupMembers.add(new TrainedMember(new EnsembleMember(groupId, Kind.GROUP, groupId, groups.get(g)),
                    outcome.best()));
        }
        List<EnsembleProcedure.BoostRound> rounds = new ArrayList<>();
        List<Boosting.GroupLoss> targets = new ArrayList<>();
        List<Result> stages = new ArrayList<>();
        long evaluationNanos = 0;
        while (true) {
            long started = System.nanoTime();
            EnsembleProcedure.Step step = procedure.next(groupMembers, rounds, tasks);
            EnsembleProcedure.Outcome stage = step instanceof EnsembleProcedure.Finish finish ? finish.outcome()
                    : procedure.outcome(groupMembers, rounds, tasks);
            evaluationNanos += System.nanoTime() - started;
            stages.add(new Result(stage, trainNanos / 1e9, evaluationNanos / 1e9, List.copyOf(targets)));
            if (!(step instanceof EnsembleProcedure.Boost boost)) {
                return stages;
            }
            targets.add(boost.target());
            started = System.nanoTime();
            TrainingOutcome outcome = trainer.trainResidual(boost.tasks().stream().map(byId::get).toList(),
                    boost.residuals());
            trainNanos += System.nanoTime() - started;
            rounds.add(EnsembleProcedure.BoostRound.trained(new TrainedMember(new EnsembleMember(
                    name + "-boost" + boost.round(), Kind.BOOST, boost.target().groupId(), boost.tasks()),
                    outcome.best())));
        }
    }
}
