package org.affinityensemble.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.affinityensemble.model.gradient.RademacherProjection;
import org.junit.jupiter.api.Test;

class GradientTableTest {

    @Test
    void truncatingAProjectionEqualsProjectingAtTheSmallerDimension() {
        long seed = 42;
        int inputDim = 300;
        int maxDim = 160;
        Random random = new Random(3);
        float[] gradient = new float[inputDim];
        for (int i = 0; i < inputDim; i++) {
            gradient[i] = (float) random.nextGaussian();
        }
        double[] atMax = new RademacherProjection(seed, inputDim, maxDim).projectExactly(gradient);
        float[] projected = new float[maxDim];
        for (int j = 0; j < maxDim; j++) {
            projected[j] = (float) atMax[j];
        }
        for (int dim : new int[] {1, 40, 64, 65, 100, 160}) {
            double[] direct = new RademacherProjection(seed, inputDim, dim).projectExactly(gradient);
            float[] truncated = GradientTable.truncate(projected, dim);
            assertThat(truncated).hasSize(dim);
            for (int j = 0; j < dim; j++) {
                assertThat((double) truncated[j]).as("d=%d, column %d", dim, j)
                        .isCloseTo(direct[j], within(1e-5 * (1 + Math.abs(direct[j]))));
            }
        }
    }

    @Test
    void aProjectionEntryHasTheSameSignAtEveryDimension() {
        RademacherProjection wide = new RademacherProjection(7, 50, 200);
        RademacherProjection narrow = new RademacherProjection(7, 50, 70);
        for (int i = 0; i < 50; i++) {
            for (int j = 0; j < 70; j++) {
                assertThat(Math.signum(narrow.entry(i, j))).isEqualTo(Math.signum(wide.entry(i, j)));
            }
        }
    }
}
