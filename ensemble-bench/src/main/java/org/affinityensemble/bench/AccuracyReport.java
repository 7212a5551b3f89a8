package org.affinityensemble.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.affinityensemble.training.Boosting;

/**
 * The printed result of {@link AccuracyBenchmark}: the affinity matrix with the groupings ({@link #groupingLines},
 * printed before training), the boosting targets, the table of test accuracy ± standard error per task and column with the means, adapters and training seconds
 * ({@link #tableLines}), and the {@code key=value} figures ({@link #figureLines}).
 *
 * @param columns      a subset of {@link #ALL_COLUMNS} in that order: the baselines zero-shot and linear probe,
 *                     then single, per task, random groups, affinity groups, affinity + boosting
 * @param boostTargets the group each boosting round went to, with its training loss under the ensemble before it
 */
public record AccuracyReport(AccuracyOptions options, AccuracyGroupings.AffinityGrouping affinity,
        List<List<String>> randomGroups, List<Boosting.GroupLoss> boostTargets, List<AccuracyColumn> columns) {

    public static final String ZERO_SHOT = "zero_shot";
    public static final String PROBE = "probe";
    public static final String SINGLE = "single";
    public static final String PER_TASK = "per_task";
    public static final String RANDOM_GROUPS = "random_groups";
    public static final String AFFINITY = "affinity";
    public static final String AFFINITY_BOOST = "affinity_boost";
    public static final List<String> ALL_COLUMNS = List.of(ZERO_SHOT, PROBE, SINGLE, PER_TASK, RANDOM_GROUPS, AFFINITY,
            AFFINITY_BOOST);

    /** A task counts as below the probe when the ensemble's test accuracy is lower than the probe's by more. */
    public static final double BELOW_PROBE_MARGIN = 0.02;

    public AccuracyReport {
        randomGroups = randomGroups.stream().map(List::copyOf).toList();
        boostTargets = List.copyOf(boostTargets);
        columns = List.copyOf(columns);
        List<String> keys = columns.stream().map(AccuracyColumn::key).toList();
        if (keys.isEmpty() || !ALL_COLUMNS.stream().filter(keys::contains).toList().equals(keys)) {
            throw new IllegalArgumentException("unexpected columns " + keys);
        }
    }

    public AccuracyColumn column(String key) {
        return columns.stream().filter(c -> c.key().equals(key)).findFirst().orElseThrow();
    }

    public boolean has(String key) {
        return columns.stream().anyMatch(c -> c.key().equals(key));
    }

    /**
     * The column the probe is compared with: the served-style ensemble (affinity + boosting), or the last trained
     * column of a run with fewer columns; empty when only baselines ran.
     */
    public java.util.Optional<AccuracyColumn> ensembleColumn() {
        for (String key : List.of(AFFINITY_BOOST, AFFINITY, RANDOM_GROUPS, PER_TASK, SINGLE)) {
            if (has(key)) {
                return java.util.Optional.of(column(key));
            }
        }
        return java.util.Optional.empty();
    }

    /** The tasks whose accuracy in {@code column} is more than {@link #BELOW_PROBE_MARGIN} below the probe's. */
    public List<String> tasksBelowProbe(AccuracyColumn column) {
        AccuracyColumn probe = column(PROBE);
        return column.scores().keySet().stream()
                .filter(task -> column.accuracy(task) < probe.accuracy(task) - BELOW_PROBE_MARGIN).toList();
    }

    /**
     * The share of the gap between one adapter on all tasks and one adapter per task that the affinity ensemble
     * with boosting closes: (acc_affinity_boost − acc_single) / (acc_per_task − acc_single); NaN when the two
     * baselines tie exactly. Meaningless when they nearly tie (ADR 0074).
     */
    public static double gapClosed(double single, double perTask, double affinityBoost) {
        double gap = perTask - single;
        return gap == 0 ? Double.NaN : (affinityBoost - single) / gap;
    }

    public double gapClosed() {
        return has(SINGLE) && has(PER_TASK) && has(AFFINITY_BOOST)
                ? gapClosed(column(SINGLE).mean(), column(PER_TASK).mean(), column(AFFINITY_BOOST).mean())
                : Double.NaN;
    }

    /**
     * What the grouping steps found, printed before any adapter is trained: the affinity matrix (task ids, rows at
     * 2 decimals), the affinity grouping, the random grouping of the same sizes, and the time of steps 1–3.
     */
    public static List<String> groupingLines(AccuracyOptions options, AccuracyGroupings.AffinityGrouping affinity,
            List<List<String>> randomGroups) {
        List<String> lines = new ArrayList<>(matrixLines(affinity.tasks(), affinity.matrix()));
        lines.add(format("affinity groups (%d, %s; objective %.3f): %s", affinity.groups().size(),
                affinity.plan().method(), affinity.plan().objective(), groupsText(affinity.groups())));
        lines.add(format("random groups (same sizes, seed %d): %s", options.seed(), groupsText(randomGroups)));
        lines.add(format("gradients %.1f s, surrogate (%s, %d subsets) %.1f s, grouping %.2f s",
                affinity.gradientSeconds(), AccuracyGroupings.estimatorChoice(options).key(), affinity.subsets(),
                affinity.surrogateSeconds(), affinity.groupingSeconds()));
        return lines;
    }

    /** The result after training: the boosting targets, the table, the figures. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (Boosting.GroupLoss target : boostTargets) {
            lines.add(format("boosting went to %s (training loss %.2f over %d examples)",
                    describeGroup(target.groupId()), target.meanLoss(), target.examples()));
        }
        lines.add("");
        lines.addAll(tableLines());
        lines.add("");
        lines.addAll(figureLines());
        return lines;
    }

    /**
     * The matrix as a reader scans it: a header of column numbers, then per task its number, id and row, each
     * value with 2 decimals.
     */
    static List<String> matrixLines(List<String> tasks, double[][] matrix) {
        int width = tasks.stream().mapToInt(String::length).max().orElse(4);
        List<String> lines = new ArrayList<>();
        lines.add("affinity matrix T (symmetrised, row z-scores of the surrogate's negative validation loss; higher:"
                + " training together helps more):");
        StringBuilder header = new StringBuilder(" ".repeat(width + 4));
        for (int j = 0; j < tasks.size(); j++) {
            header.append(format("%7d", j));
        }
        lines.add(header.toString());
        for (int i = 0; i < tasks.size(); i++) {
            StringBuilder row = new StringBuilder(format("%2d %-" + width + "s ", i, tasks.get(i)));
            for (int j = 0; j < tasks.size(); j++) {
                row.append(format("%7.2f", matrix[i][j]));
            }
            lines.add(row.toString());
        }
        return lines;
    }

    /** The table in Markdown, as docs/training.md shows it. */
    public List<String> tableLines() {
        List<String> lines = new ArrayList<>();
        StringBuilder header = new StringBuilder("| task | test n |");
        StringBuilder rule = new StringBuilder("|---|---:|");
        for (AccuracyColumn column : columns) {
            header.append(' ').append(column.title()).append(" |");
            rule.append("---:|");
        }
        lines.add(header.toString());
        lines.add(rule.toString());
        for (String task : columns.get(0).scores().keySet()) {
            StringBuilder row = new StringBuilder(format("| %s | %d |", task,
                    columns.get(0).scores().get(task).testExamples()));
            for (AccuracyColumn column : columns) {
                row.append(format(" %.3f ± %.3f |", column.accuracy(task), column.standardError(task)));
            }
            lines.add(row.toString());
        }
        StringBuilder mean = new StringBuilder("| **mean** | |");
        StringBuilder adapters = new StringBuilder("| adapters | |");
        StringBuilder seconds = new StringBuilder("| training seconds | |");
        for (AccuracyColumn column : columns) {
            mean.append(format(" **%.4f** ± %.4f |", column.mean(), column.meanStandardError()));
            adapters.append(format(" %d |", column.adapters()));
            seconds.append(format(" %.0f |", column.trainSeconds()));
        }
        lines.add(mean.toString());
        lines.add(adapters.toString());
        lines.add(seconds.toString());
        return lines;
    }

    /** One {@code key=value} line per figure, then comment lines saying how to read them. */
    public List<String> figureLines() {
        List<String> lines = new ArrayList<>();
        for (AccuracyColumn column : columns) {
            lines.add(format("acc_%s=%.4f", column.key(), column.mean()));
        }
        if (has(AFFINITY_BOOST)) {
            lines.add(format("adapters_used=%d", column(AFFINITY_BOOST).adapters()));
        }
        if (has(SINGLE)) {
            lines.add(format("train_seconds_single=%.0f", column(SINGLE).trainSeconds()));
        }
        if (has(AFFINITY_BOOST)) {
            lines.add(format("train_seconds_affinity_boost=%.0f", column(AFFINITY_BOOST).trainSeconds()));
        }
        if (has(SINGLE) && has(PER_TASK) && has(AFFINITY_BOOST)) {
            lines.add(format("gap_closed=%.4f", gapClosed()));
        }
        if (has(PROBE) && ensembleColumn().isPresent()) {
            AccuracyColumn ensemble = ensembleColumn().orElseThrow();
            List<String> below = tasksBelowProbe(ensemble);
            lines.add(format("margin_over_probe=%.4f", ensemble.mean() - column(PROBE).mean()));
            lines.add(format("tasks_below_probe=%d", below.size()));
            lines.add("tasks_below_probe_list=" + String.join(",", below));
            lines.add("# margin_over_probe and tasks_below_probe compare acc_" + ensemble.key() + " with acc_probe;"
                    + " a task is below the probe when its accuracy is lower by more than " + BELOW_PROBE_MARGIN);
        }
        lines.add("# " + options.commandLine());
        lines.add("# acc_* = mean over tasks of test accuracy; ± = sqrt(a(1-a)/n) per task, sqrt(sum se^2)/T for the"
                + " mean; gap_closed = (acc_affinity_boost - acc_single) / (acc_per_task - acc_single)");
        lines.add("# train_seconds_affinity_boost includes gradients, surrogate and grouping; adapters_used = group"
                + " adapters + boosting adapters of the affinity ensemble");
        if (options.metaInitEpochs() > 0) {
            lines.add("# every adapter" + (options.affinityAtInit() ? "" : " and the affinity gradients")
                    + " start from theta*, trained from theta0 for " + options.metaInitEpochs() + " epoch(s) on all"
                    + " tasks' training examples; its time is in no train_seconds (stderr gives it)"
                    + (options.affinityAtInit() ? "; the affinity gradients are taken at theta0, the LoRA"
                            + " initialisation (--affinity-start=lora-init, ADR 0111)" : ""));
        }
        return lines;
    }

    private String describeGroup(String groupId) {
        String prefix = AccuracyBenchmark.AFFINITY_NAME + "-g";
        if (groupId.startsWith(prefix)) {
            int index = Integer.parseInt(groupId.substring(prefix.length()));
            if (index < affinity.groups().size()) {
                return format("group %d %s", index + 1, affinity.groups().get(index));
            }
        }
        return groupId;
    }

    static String groupsText(List<List<String>> groups) {
        return String.join(", ", groups.stream().map(Object::toString).toList());
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
