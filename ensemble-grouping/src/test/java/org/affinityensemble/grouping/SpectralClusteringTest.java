package org.affinityensemble.grouping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpectralClusteringTest {

    @Test
    void recoversPlantedBlocksAtLowNoise() {
        for (long seed = 0; seed < 3; seed++) {
            PlantedBlocks planted = PlantedBlocks.generate(30, 5, 0.2, seed);
            List<List<Integer>> groups = new SpectralClustering(1).cluster(planted.matrix(), 5);
            assertThat(groups).isEqualTo(Partitions.canonical(planted.groups()));
        }
    }

    @Test
    void agreesLessWithTheTruthThanTheSdpUnderHeavyNoise() {
        double spectral = 0;
        double sdp = 0;
        for (long seed = 0; seed < 4; seed++) {
            PlantedBlocks planted = PlantedBlocks.generate(60, 10, 0.6, seed);
            spectral += AdjustedRandIndex.of(new SpectralClustering(1).cluster(planted.matrix(), 10),
                    planted.groups(), 60);
            SdpSolution solution = new SdpSolver().solveWithTrace(planted.matrix(), 10);
            sdp += AdjustedRandIndex.of(new Rounding(1).withGroupCount(solution.x(), planted.matrix(), 10),
                    planted.groups(), 60);
        }
        System.out.printf("noise=0.6 n=60 k=10 mean ARI: sdp=%.3f spectral=%.3f%n", sdp / 4, spectral / 4);
        assertThat(sdp).isGreaterThan(spectral);
    }
}
