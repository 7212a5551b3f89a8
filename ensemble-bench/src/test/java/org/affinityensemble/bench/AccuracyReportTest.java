package org.affinityensemble.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.affinityensemble.grouping.GroupingPlan;
import org.affinityensemble.training.Boosting;
import org.junit.jupiter.api.Test;

class AccuracyReportTest {

    @Test
    void gapClosedIsTheShareOfTheGapBetweenTheBaselines() {
        assertThat(AccuracyReport.gapClosed(0.60, 0.70, 0.65)).isCloseTo(0.5, within(1e-12));
        assertThat(AccuracyReport.gapClosed(0.60, 0.70, 0.72)).isCloseTo(1.2, within(1e-12));
        assertThat(AccuracyReport.gapClosed(0.70, 0.60, 0.65)).isCloseTo(0.5, within(1e-12));
        assertThat(AccuracyReport.gapClosed(0.6980, 0.6980, 0.7209)).isNaN();
    }

    private static AccuracyReport report() {
        List<String> tasks = List.of("t0", "t1");
        AccuracyGroupings.AffinityGrouping affinity = new AccuracyGroupings.AffinityGrouping(tasks,
                new double[][] {{0, 1.128}, {1.128, 0}}, new GroupingPlan(List.of(tasks), 1.128, 1.128, 1.2,
                        "sdp-trace(m=1)+rounding", null), 50, 20.0, 3.0, 0.5);
        return new AccuracyReport(AccuracyOptions.parse(new String[] {"--tasks=t0,t1", "--groups=1"}), affinity,
                List.of(tasks), List.of(new Boosting.GroupLoss("affinity-g0", 0.79, 600)), List.of(
                        AccuracyColumnTest.column("single", 0.9, 100, 0.5, 400),
                        AccuracyColumnTest.column("per_task", 0.8, 100, 0.5, 400),
                        AccuracyColumnTest.column("random_groups", 0.9, 100, 0.6, 400),
                        AccuracyColumnTest.column("affinity", 0.9, 100, 0.7, 400),
                        AccuracyColumnTest.column("affinity_boost", 0.95, 100, 0.7, 400)));
    }

    @Test
    void theFiguresAreTheColumnMeansAndTheGap() {
        List<String> lines = report().figureLines();
        assertThat(lines).startsWith("acc_single=0.7000", "acc_per_task=0.6500", "acc_random_groups=0.7500",
                "acc_affinity=0.8000", "acc_affinity_boost=0.8250", "adapters_used=2", "train_seconds_single=13",
                "train_seconds_affinity_boost=13", "gap_closed=-2.5000");
    }

    @Test
    void theTableHasOneRowPerTaskThenMeanAdaptersAndSeconds() {
        List<String> lines = report().tableLines();
        assertThat(lines).hasSize(2 + 2 + 3);
        assertThat(lines.get(0)).isEqualTo("| task | test n | single | per_task | random_groups | affinity |"
                + " affinity_boost |");
        assertThat(lines.get(2)).isEqualTo("| t0 | 100 | 0.900 ± 0.030 | 0.800 ± 0.040 | 0.900 ± 0.030 |"
                + " 0.900 ± 0.030 | 0.950 ± 0.022 |");
        assertThat(lines.get(4)).startsWith("| **mean** | | **0.7000** ± 0.0195 |");
        assertThat(lines.get(5)).isEqualTo("| adapters | | 2 | 2 | 2 | 2 | 2 |");
    }

    @Test
    void theBaselinesComeFirstAndTasksMoreThanTwoPointsBelowTheProbeAreCounted() {
        List<String> tasks = List.of("t0", "t1");
        AccuracyReport report = new AccuracyReport(AccuracyOptions.parse(new String[] {"--tasks=t0,t1",
                "--groups=1", "--columns=zero_shot,probe,per_task"}), null, List.of(), List.of(), List.of(
                        AccuracyColumnTest.column("zero_shot", 0.5, 100, 0.4, 400),
                        AccuracyColumnTest.column("probe", 0.9, 100, 0.6, 400),
                        // t0 0.025 below the probe (counted), t1 0.015 below (not counted)
                        AccuracyColumnTest.column("per_task", 0.875, 100, 0.585, 400)));
        assertThat(report.tableLines().get(0)).isEqualTo("| task | test n | zero_shot | probe | per_task |");
        assertThat(report.tasksBelowProbe(report.column("per_task"))).containsExactly("t0");
        assertThat(report.figureLines()).startsWith("acc_zero_shot=0.4500", "acc_probe=0.7500", "acc_per_task=0.7300",
                "margin_over_probe=-0.0200", "tasks_below_probe=1", "tasks_below_probe_list=t0");
        assertThat(tasks).hasSize(2);
    }

    @Test
    void columnsOutOfOrderAreRejected() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AccuracyOptions.parse(new String[] {
                "--tasks=t0,t1", "--groups=1", "--columns=per_task,probe"})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMatrixAndTheGroupsArePrintedWithTwoDecimals() {
        AccuracyReport report = report();
        List<String> lines = AccuracyReport.groupingLines(report.options(), report.affinity(),
                report.randomGroups());
        assertThat(lines.get(2)).isEqualTo(" 0 t0    0.00   1.13");
        assertThat(lines.get(3)).isEqualTo(" 1 t1    1.13   0.00");
        assertThat(lines).anyMatch(line -> line.startsWith("affinity groups (1, sdp-trace(m=1)+rounding")
                && line.endsWith("[t0, t1]"));
        assertThat(report.lines()).first().isEqualTo("boosting went to group 1 [t0, t1] (training loss 0.79 over"
                + " 600 examples)");
    }
}
