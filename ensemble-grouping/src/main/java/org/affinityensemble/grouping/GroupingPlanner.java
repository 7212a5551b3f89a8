package org.affinityensemble.grouping;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;

/**
 * Step 3 of the method: groups tasks from their affinity matrix. T is symmetrised and its diagonal set to zero
 * (docs/adr/0031); the SDP relaxation is solved with tr X = m when m is fixed by configuration, otherwise with a
 * trace penalty and the {@link GroupCountRule} picks m; the solution is rounded by {@link Rounding}.
 * Deterministic for equal inputs and settings.
 */
public final class GroupingPlanner {

    private final PlannerSettings settings;
    private final SdpSolver solver;

    public GroupingPlanner(PlannerSettings settings) {
        this.settings = settings;
        this.solver = new SdpSolver(settings.sdp());
    }

    public GroupingPlanner() {
        this(PlannerSettings.defaults());
    }

    /** Groups with m chosen by the configured count rule. */
    public GroupingPlan plan(List<String> taskIds, double[][] affinity) {
        return plan(taskIds, affinity, OptionalInt.empty());
    }

    /**
     * @param taskIds  distinct task ids, row/column order of the matrix
     * @param affinity the task-affinity matrix T (higher: training together helps more)
     * @param fixedM   the number of groups, or empty to let the count rule choose
     * @throws IllegalArgumentException on duplicate ids, a mismatched or non-finite matrix, or m outside 1..n
     */
    public GroupingPlan plan(List<String> taskIds, double[][] affinity, OptionalInt fixedM) {
        int n = AffinityMatrices.requireSquareFinite(affinity);
        if (taskIds.size() != n || new HashSet<>(taskIds).size() != n) {
            throw new IllegalArgumentException("need " + n + " distinct task ids, got " + taskIds);
        }
        double[][] t = AffinityMatrices.withZeroDiagonal(AffinityMatrices.symmetrised(affinity));
        Rounding rounding = new Rounding(settings.seed());
        if (fixedM.isPresent()) {
            int m = fixedM.getAsInt();
            SdpSolution sdp = solver.solveWithTrace(t, m);
            List<List<Integer>> groups = n == 1 ? List.of(List.of(0)) : rounding.withGroupCount(sdp.x(), t, m);
            double objective = ClusteringObjective.value(t, groups);
            return new GroupingPlan(named(taskIds, groups), objective, objective, sdp.dualBound(),
                    "sdp-trace(m=" + m + ")+rounding", sdp);
        }
        GroupPenalty penalty;
        double mu;
        String method;
        if (settings.countRule() instanceof GroupCountRule.TracePenalty tracePenalty) {
            mu = tracePenalty.mu();
            penalty = GroupPenalty.perGroup(mu);
            method = "sdp-penalty(mu=" + mu + ")+rounding";
        } else {
            GroupCountRule.NoiseCalibrated rule = (GroupCountRule.NoiseCalibrated) settings.countRule();
            mu = 0.0;
            penalty = new GroupPenalty.NoiseCalibrated(rule.z(), NoiseScale.pairVariances(t, rule.pooledUpTo()));
            method = "sdp-penalty(mu=0)+rounding+noise-calibrated(z=" + rule.z()
                    + (rule.pooledUpTo() == NoiseScale.POOLED_UP_TO_TASKS ? "" : ",pooled-up-to=" + rule.pooledUpTo())
                    + ")";
        }
        SdpSolution sdp = solver.solveWithPenalty(t, mu);
        List<List<Integer>> groups = n == 1 ? List.of(List.of(0)) : rounding.withPenalty(sdp.x(), t, penalty);
        return new GroupingPlan(named(taskIds, groups), ClusteringObjective.value(t, groups),
                ClusteringObjective.penalised(t, groups, penalty), sdp.dualBound(), method, sdp);
    }

    private static List<List<String>> named(List<String> taskIds, List<List<Integer>> groups) {
        List<List<String>> named = new ArrayList<>();
        for (List<Integer> group : Partitions.canonical(groups)) {
            named.add(group.stream().map(taskIds::get).toList());
        }
        return named;
    }
}
