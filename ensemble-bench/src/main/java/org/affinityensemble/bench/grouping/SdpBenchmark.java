package org.affinityensemble.bench.grouping;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import org.affinityensemble.grouping.AdjustedRandIndex;
import org.affinityensemble.grouping.GroupingPlan;
import org.affinityensemble.grouping.GroupingPlanner;
import org.affinityensemble.grouping.Partitions;
import org.affinityensemble.grouping.PlantedBlocks;
import org.affinityensemble.grouping.SdpSolution;
import org.affinityensemble.grouping.SdpSolver;
import org.affinityensemble.grouping.SpectralClustering;

/**
 * Times the SDP grouping on planted-block affinity matrices with noise ({@link PlantedBlocks}, n/5 blocks) and
 * compares it with normalised spectral clustering, side by side in one run. For each n it prints one line for the
 * trace-constrained SDP (m = number of blocks) with the certificate figures, spectral's time, and the adjusted Rand
 * index of each method against the planted partition and between them; then one line for the planner's automatic
 * rule. Usage: {@code SdpBenchmark [noise=0.5] [seed=1] [sizes=10,30,100]}; the CLI runs it as
 * {@code bin/ensemble bench cluster}.
 */
public final class SdpBenchmark {

    private SdpBenchmark() {
    }

    public static void main(String[] args) {
        double noise = args.length > 0 ? Double.parseDouble(args[0]) : 0.5;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1L;
        int[] sizes = args.length > 2 ? Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {10, 30, 100};
        run(System.out, sizes, noise, seed);
    }

    /** Runs the benchmark and prints one trace line and one planner line per size. */
    public static void run(PrintStream out, int[] sizes, double noise, long seed) {
        warmUp();
        for (int n : sizes) {
            int blocks = Math.max(2, n / 5);
            PlantedBlocks planted = PlantedBlocks.generate(n, blocks, noise, seed);
            List<List<Integer>> truth = planted.groups();

            long started = System.nanoTime();
            SdpSolution sdp = new SdpSolver().solveWithTrace(planted.matrix(), blocks);
            double sdpSeconds = seconds(started);
            started = System.nanoTime();
            GroupingPlan plan = new GroupingPlanner().plan(ids(n), planted.matrix(), OptionalInt.of(blocks));
            double planSeconds = seconds(started);
            List<List<Integer>> sdpGroups = indices(plan.groups());

            started = System.nanoTime();
            List<List<Integer>> spectral = new SpectralClustering(seed).cluster(planted.matrix(), blocks);
            double spectralSeconds = seconds(started);

            out.println(String.format(Locale.ROOT, "sdp_n=%d blocks=%d noise=%s sdp_seconds=%.3f iterations=%d"
                    + " primal_residual=%.2e dual_residual=%.2e gap=%.2e converged=%s plan_seconds=%.3f"
                    + " ari_sdp=%.4f exact_sdp=%s spectral_seconds=%.4f ari_spectral=%.4f exact_spectral=%s"
                    + " ari_sdp_vs_spectral=%.4f", n, blocks, noise, sdpSeconds, sdp.iterations(),
                    sdp.primalResidual(), sdp.dualResidual(), sdp.dualityGap(), sdp.converged(),
                    planSeconds, AdjustedRandIndex.of(sdpGroups, truth, n),
                    Partitions.canonical(sdpGroups).equals(Partitions.canonical(truth)), spectralSeconds,
                    AdjustedRandIndex.of(spectral, truth, n), spectral.equals(Partitions.canonical(truth)),
                    AdjustedRandIndex.of(sdpGroups, spectral, n)));

            started = System.nanoTime();
            GroupingPlan automatic = new GroupingPlanner().plan(ids(n), planted.matrix());
            double automaticSeconds = seconds(started);
            List<List<Integer>> automaticGroups = indices(automatic.groups());
            out.println(String.format(Locale.ROOT, "planner_n=%d method=%s seconds=%.3f iterations=%d groups=%d"
                    + " planted_groups=%d ari=%.4f exact=%s", n, automatic.method(), automaticSeconds,
                    automatic.relaxation().iterations(), automatic.groupCount(), blocks,
                    AdjustedRandIndex.of(automaticGroups, truth, n),
                    Partitions.canonical(automaticGroups).equals(Partitions.canonical(truth))));
        }
    }

    /** One solve at moderate size so that the timed runs do not pay for class loading and JIT compilation. */
    private static void warmUp() {
        PlantedBlocks planted = PlantedBlocks.generate(40, 8, 0.5, 0);
        new GroupingPlanner().plan(ids(40), planted.matrix(), OptionalInt.of(8));
    }

    private static List<String> ids(int n) {
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(Integer.toString(i));
        }
        return ids;
    }

    private static List<List<Integer>> indices(List<List<String>> groups) {
        return groups.stream().map(group -> group.stream().map(Integer::valueOf).toList()).toList();
    }

    private static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }
}
