package org.affinityensemble.model.gradient;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.affinityensemble.model.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seeded ±1/√d projection: a pure function of (seed, i, j), fast blockwise product, identical across JVMs. */
class RademacherProjectionTest {

    @Test
    void entriesArePlusOrMinusOneOverRootDAndDoNotDependOnTheBlocking() {
        int d = 130;
        RademacherProjection projection = new RademacherProjection(3, 1000, d);
        float magnitude = (float) (1 / Math.sqrt(d));
        float[] whole = new float[1000 * d];
        projection.fillRows(0, 1000, whole);
        float[] pieces = new float[1000 * d];
        float[] buffer = new float[300 * d];
        for (int first = 0; first < 1000; first += 300) {
            int count = Math.min(300, 1000 - first);
            projection.fillRows(first, count, buffer);
            System.arraycopy(buffer, 0, pieces, first * d, count * d);
        }
        assertThat(pieces).isEqualTo(whole);
        int positive = 0;
        for (int i = 0; i < 1000; i++) {
            for (int j = 0; j < d; j++) {
                float entry = projection.entry(i, j);
                assertThat(entry).isEqualTo(whole[i * d + j]);
                assertThat(Math.abs(entry)).isEqualTo(magnitude);
                positive += entry > 0 ? 1 : 0;
            }
        }
        // 130,000 fair signs: the count of positives is within 4 standard deviations (±721) of half.
        assertThat(Math.abs(positive - 65_000)).isLessThan(721);
    }

    @Test
    void theSeedChoosesTheMatrixAndColumnsAreUncorrelated() {
        RademacherProjection a = new RademacherProjection(1, 4096, 64);
        RademacherProjection b = new RademacherProjection(2, 4096, 64);
        int agreements = 0;
        double maxCorrelation = 0;
        for (int j = 0; j < 64; j++) {
            for (int i = 0; i < 4096; i++) {
                agreements += a.entry(i, j) == b.entry(i, j) ? 1 : 0;
            }
            for (int k = j + 1; k < 64; k++) {
                double dot = 0;
                for (int i = 0; i < 4096; i++) {
                    dot += a.entry(i, j) * a.entry(i, k) * 64.0;
                }
                maxCorrelation = Math.max(maxCorrelation, Math.abs(dot / 4096));
            }
        }
        // Independent seeds agree on half of the 262,144 entries; 4σ = 1,024.
        assertThat(Math.abs(agreements - 131_072)).isLessThan(1024);
        // Correlation of two independent sign columns of length 4096 has σ = 1/64; 2,016 pairs stay within 5σ.
        assertThat(maxCorrelation).isLessThan(5.0 / 64);
    }

    @Test
    void blockwiseMatmulEqualsTheExactProjection() {
        float[] flat = ProjectionProbe.fixedMatrix();
        float[][] projected = ProjectionProbe.projectFixedMatrix();
        RademacherProjection projection = new RademacherProjection(ProjectionProbe.SEED, ProjectionProbe.INPUT_DIM,
                ProjectionProbe.OUTPUT_DIM);
        for (int n = 0; n < 2; n++) {
            float[] row = java.util.Arrays.copyOfRange(flat, n * ProjectionProbe.INPUT_DIM,
                    (n + 1) * ProjectionProbe.INPUT_DIM);
            double[] exact = projection.projectExactly(row);
            for (int j = 0; j < exact.length; j++) {
                // float32 sums of ~7e4 terms of size ~0.3/20: rounding stays far below 1e-4.
                assertThat(Math.abs(projected[n][j] - exact[j])).isLessThan(1e-4);
            }
        }
    }

    @Test
    void aSecondJvmProducesTheSameProjectionBitForBit(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("projection.bin");
        ChildJvm.Result result = ChildJvm.run(ProjectionProbe.class, List.of(), List.of(file.toString()));
        assertThat(result.exitCode()).as(result.output()).isZero();

        float[][] here = ProjectionProbe.projectFixedMatrix();
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            for (float[] row : here) {
                for (float v : row) {
                    assertThat(in.readInt()).isEqualTo(Float.floatToRawIntBits(v));
                }
            }
            assertThat(in.read()).isEqualTo(-1);
        }
    }
}
