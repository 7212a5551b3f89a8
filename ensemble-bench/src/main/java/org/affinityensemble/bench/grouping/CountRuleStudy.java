package org.affinityensemble.bench.grouping;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.affinityensemble.grouping.GroupCountRule;
import org.affinityensemble.grouping.GroupingPlanner;
import org.affinityensemble.grouping.NoiseScale;
import org.affinityensemble.grouping.Partitions;
import org.affinityensemble.grouping.PlannerSettings;
import org.affinityensemble.grouping.SdpSettings;
import org.affinityensemble.grouping.SignBlocks;
import org.affinityensemble.grouping.ZScoredClusters;

/**
 * The noise-calibrated group count on small matrices (docs/adr/0123), side by side in one run: the planner with the
 * per-row noise scale from six tasks on (pooled only up to five, the rule before ADR 0123) and with the pooled scale
 * up to eight tasks (today's), on the same simulated matrices. Shapes of six to ten tasks; z-scored matrices as the
 * affinity service makes them ({@link ZScoredClusters}) and ±1 sign blocks with Gaussian noise ({@link SignBlocks}). Prints, per shape,
 * matrix kind and noise, how many of the seeds each setting recovers exactly. Usage: {@code CountRuleStudy
 * [seeds=100]}; the CLI runs it as {@code bin/ensemble bench count-rule}.
 */
public final class CountRuleStudy {

    /** The planted shapes: group sizes, singletons being tasks without relatives. */
    static final List<int[]> SHAPES = List.of(new int[] {2, 2, 1, 1}, new int[] {2, 1, 1, 1, 1},
            new int[] {3, 3}, new int[] {3, 2, 1}, new int[] {4, 2}, new int[] {2, 2, 2}, new int[] {1, 1, 1, 1, 1, 1},
            new int[] {2, 2, 1, 1, 1}, new int[] {1, 1, 1, 1, 1, 1, 1}, new int[] {3, 3, 1, 1},
            new int[] {2, 2, 2, 1, 1}, new int[] {1, 1, 1, 1, 1, 1, 1, 1}, new int[] {2, 3, 2, 1, 1, 1},
            new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1});
    static final double[] Z_SCORED_NOISE = {0.15, 0.3, 0.5};
    static final double[] SIGN_NOISE = {0.3, 0.5};
    /** The rule before ADR 0123: the pooled scale only where Qn cannot work at all. */
    static final int BEFORE = NoiseScale.MIN_POOLED_UP_TO_TASKS;

    private CountRuleStudy() {
    }

    public static void main(String[] args) {
        run(System.out, args.length > 0 ? Integer.parseInt(args[0]) : 100);
    }

    /** One line per shape, matrix kind and noise. */
    public static void run(PrintStream out, int seeds) {
        GroupingPlanner before = planner(BEFORE);
        GroupingPlanner today = planner(NoiseScale.POOLED_UP_TO_TASKS);
        for (int[] sizes : SHAPES) {
            for (String kind : List.of("z-scored", "sign")) {
                for (double noise : kind.equals("z-scored") ? Z_SCORED_NOISE : SIGN_NOISE) {
                    int[] exact = new int[2];
                    for (long seed = 0; seed < seeds; seed++) {
                        double[][] t = kind.equals("z-scored")
                                ? ZScoredClusters.generate(Partitions.consecutive(sizes), noise, seed)
                                : SignBlocks.generate(Partitions.consecutive(sizes), noise, seed);
                        exact[0] += exact(before, sizes, t) ? 1 : 0;
                        exact[1] += exact(today, sizes, t) ? 1 : 0;
                    }
                    out.println(String.format(Locale.ROOT, "count_rule shape=%s matrix=%s noise=%s seeds=%d"
                            + " exact_pooled_up_to_%d=%d exact_pooled_up_to_%d=%d", shape(sizes), kind, noise, seeds,
                            BEFORE, exact[0], NoiseScale.POOLED_UP_TO_TASKS, exact[1]));
                }
            }
        }
        out.println("# exact = seeds whose groups equal the planted ones; noise-calibrated rule, z = 2; pooled_up_to_N ="
                + " matrices of at most N tasks use one noise scale for every row (docs/adr/0123)");
    }

    private static GroupingPlanner planner(int pooledUpTo) {
        return new GroupingPlanner(new PlannerSettings(new GroupCountRule.NoiseCalibrated(2.0, pooledUpTo), 42,
                SdpSettings.defaults()));
    }

    static boolean exact(GroupingPlanner planner, int[] sizes, double[][] t) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < t.length; i++) {
            ids.add("t" + i);
        }
        Set<Set<String>> found = planner.plan(ids, t).groups().stream().map(HashSet::new)
                .collect(Collectors.toSet());
        Set<Set<String>> planted = Partitions.consecutive(sizes).stream()
                .map(group -> group.stream().map(i -> "t" + i).collect(Collectors.toSet())).collect(Collectors.toSet());
        return found.equals(planted);
    }

    private static String shape(int[] sizes) {
        return Arrays.stream(sizes).mapToObj(Integer::toString).collect(Collectors.joining("+"));
    }
}
