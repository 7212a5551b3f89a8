package org.affinityensemble.training;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.infer.Softmax;
import org.affinityensemble.storage.EnsembleManifest.AdapterEntry.Kind;

/**
 * The inference side of building an ensemble, on the trained adapters: the per-task weights (step 5), the
 * choice of the boosting target with its residuals (step 4), and the scores of the result. Logits go through a
 * {@link LogitCache}; an adapter whose weight for a task is 0 is not run on that task's training or test examples.
 * Thread-safe.
 */
public final class EnsembleEvaluator {

    private static final double ACTIVE = 1e-9;

    private final AdapterLogits logits;
    private final EnsembleWeighting weighting;
    private final LogitCache cache;

    public EnsembleEvaluator(AdapterLogits logits, EnsembleWeighting weighting, LogitCache cache) {
        this.logits = logits;
        this.weighting = weighting;
        this.cache = cache;
    }

    /** Which group the next boosting adapter is for, every group's loss, and the residual of each example. */
    public record BoostPlan(Boosting.GroupLoss target, List<Boosting.GroupLoss> losses,
            Map<LabelledText, Double> residuals) {
    }

    /** Every task's weights over all members, learned on its validation examples. */
    public Map<String, double[]> weights(List<TrainedMember> members, List<TaskData> tasks) {
        Map<String, ExampleLogits> validation = new LinkedHashMap<>();
        for (TaskData task : tasks) {
            validation.put(task.taskId(), logitsOf(members, task, Split.VALIDATION));
        }
        return weighting.fit(members.stream().map(TrainedMember::member).toList(), validation);
    }

    /** The weights of the prior alone (each task predicted by its own group's adapter, boosting adapters at η). */
    public Map<String, double[]> priorWeights(List<TrainedMember> members, List<TaskData> tasks) {
        List<EnsembleMember> plain = members.stream().map(TrainedMember::member).toList();
        Map<String, double[]> weights = new LinkedHashMap<>();
        tasks.forEach(task -> weights.put(task.taskId(), weighting.prior(task.taskId(), plain)));
        return weights;
    }

    /**
     * The group (among the GROUP members' groups) with the highest training loss under the ensemble, and the
     * residuals r(x) = 1 − p_ens(y|x) of its tasks' training and validation examples.
     */
    public BoostPlan planBoost(List<TrainedMember> members, Map<String, double[]> weights, List<TaskData> tasks) {
        Map<String, TaskData> byId = new HashMap<>();
        tasks.forEach(task -> byId.put(task.taskId(), task));
        List<Boosting.GroupLoss> losses = new ArrayList<>();
        for (TrainedMember member : members) {
            if (member.member().kind() != Kind.GROUP) {
                continue;
            }
            Map<String, double[][]> combined = new HashMap<>();
            Map<String, int[]> labels = new HashMap<>();
            for (String taskId : member.member().tasks()) {
                TaskData task = byId.get(taskId);
                combined.put(taskId, ensembleLogits(members, weights.get(taskId), task, Split.TRAIN));
                labels.put(taskId, AdapterLogits.labels(task.train()));
            }
            losses.add(Boosting.groupLoss(member.member().groupId(), member.member().tasks(), combined, labels));
        }
        Boosting.GroupLoss target = Boosting.hardest(losses);
        List<String> targetTasks = members.stream()
                .filter(m -> m.member().kind() == Kind.GROUP && m.member().groupId().equals(target.groupId()))
                .findFirst().orElseThrow().member().tasks();
        Map<LabelledText, Double> residuals = new HashMap<>();
        for (String taskId : targetTasks) {
            TaskData task = byId.get(taskId);
            for (Split split : List.of(Split.TRAIN, Split.VALIDATION)) {
                List<LabelledText> examples = split.of(task);
                double[] r = Boosting.residuals(ensembleLogits(members, weights.get(taskId), task, split),
                        AdapterLogits.labels(examples));
                for (int i = 0; i < examples.size(); i++) {
                    residuals.put(examples.get(i), r[i]);
                }
            }
        }
        return new BoostPlan(target, losses, residuals);
    }

    /** How the weighted ensemble does on a task, next to the zero-shot model. */
    public TaskScore score(List<TrainedMember> members, double[] weights, TaskData task) {
        double[][] validation = ensembleLogits(members, weights, task, Split.VALIDATION);
        int[] validationLabels = AdapterLogits.labels(task.validation());
        double[][] test = ensembleLogits(members, weights, task, Split.TEST);
        double[][] zeroShot = AdapterLogits.widened(cached(null, task, Split.VALIDATION, () -> logits.of(
                task.taskLabels(), task.validation(), null)));
        return new TaskScore(Softmax.accuracy(validation, validationLabels),
                Softmax.meanCrossEntropy(validation, validationLabels),
                Softmax.accuracy(test, AdapterLogits.labels(task.test())),
                Softmax.accuracy(zeroShot, validationLabels), task.validation().size(), task.test().size());
    }

    /** Σ_k w_k z_k on one split of a task, running only the members with a non-zero weight. */
    public double[][] ensembleLogits(List<TrainedMember> members, double[] weights, TaskData task, Split split) {
        List<LabelledText> examples = split.of(task);
        double[][] sum = new double[examples.size()][task.labels().size()];
        for (int k = 0; k < members.size(); k++) {
            if (weights[k] <= ACTIVE) {
                continue;
            }
            TrainedMember member = members.get(k);
            float[][] z = cached(member.adapterId(), task, split,
                    () -> logits.of(task.taskLabels(), examples, member.adapter()));
            for (int i = 0; i < z.length; i++) {
                for (int l = 0; l < z[i].length; l++) {
                    sum[i][l] += weights[k] * z[i][l];
                }
            }
        }
        return sum;
    }

    private ExampleLogits logitsOf(List<TrainedMember> members, TaskData task, Split split) {
        List<LabelledText> examples = split.of(task);
        float[][][] byAdapter = new float[members.size()][][];
        for (int k = 0; k < members.size(); k++) {
            TrainedMember member = members.get(k);
            byAdapter[k] = cached(member.adapterId(), task, split,
                    () -> logits.of(task.taskLabels(), examples, member.adapter()));
        }
        return new ExampleLogits(byAdapter, AdapterLogits.labels(examples));
    }

    private float[][] cached(String adapterId, TaskData task, Split split, Supplier<float[][]> f) {
        return cache.get(new LogitCache.Key(adapterId, task.taskId(), split.name(), Integer.toString(task.revision())),
                f);
    }

    /** The splits of a task's data. */
    public enum Split {
        TRAIN, VALIDATION, TEST;

        List<LabelledText> of(TaskData task) {
            return switch (this) {
                case TRAIN -> task.train();
                case VALIDATION -> task.validation();
                case TEST -> task.test();
            };
        }
    }
}
