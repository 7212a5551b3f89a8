package org.affinityensemble.bench.grouping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.affinityensemble.grouping.GroupCountRule;
import org.affinityensemble.grouping.GroupingPlanner;
import org.affinityensemble.grouping.Partitions;
import org.affinityensemble.grouping.PlannerSettings;
import org.affinityensemble.grouping.SdpSettings;
import org.affinityensemble.grouping.SignBlocks;
import org.junit.jupiter.api.Test;

class CountRuleStudyTest {

    @Test
    void printsBothSettingsForEveryShapeMatrixAndNoise() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CountRuleStudy.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), 2);
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        List<String> figures = lines.stream().filter(line -> line.startsWith("count_rule ")).toList();
        assertThat(figures).hasSize(CountRuleStudy.SHAPES.size()
                * (CountRuleStudy.Z_SCORED_NOISE.length + CountRuleStudy.SIGN_NOISE.length));
        assertThat(figures).allMatch(line -> line.contains(" seeds=2 ") && line.matches(
                ".* exact_pooled_up_to_5=[0-2] exact_pooled_up_to_8=[0-2]$"));
        assertThat(figures).anyMatch(line -> line.startsWith("count_rule shape=2+2+1+1 matrix=z-scored noise=0.15 "));
    }

    @Test
    void clearSignBlocksAreRecoveredByBothSettings() {
        int[] sizes = {3, 2, 1};
        double[][] t = SignBlocks.generate(Partitions.consecutive(sizes), 0.05, 1);
        assertThat(t[0][1]).isEqualTo(t[1][0]).isGreaterThan(0.8);
        assertThat(t[0][3]).isLessThan(-0.8);
        for (int pooledUpTo : new int[] {5, 8}) {
            GroupingPlanner planner = new GroupingPlanner(new PlannerSettings(
                    new GroupCountRule.NoiseCalibrated(2.0, pooledUpTo), 42, SdpSettings.defaults()));
            assertThat(CountRuleStudy.exact(planner, sizes, t)).as("pooled up to %d", pooledUpTo).isTrue();
        }
    }
}
