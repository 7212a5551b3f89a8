package org.affinityensemble.model.gradient;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.junit.jupiter.api.Test;

/**
 * The blocks of P kept in native memory: they hold P's entries, one block serves every projection object with the same
 * parameters, and projecting with them gives the same bits as a second pass (the cache changes no result).
 */
class ProjectionBlocksTest {

    @Test
    void aCachedBlockHoldsThoseRowsOfPAndIsSharedByEqualProjections() {
        RademacherProjection projection = new RademacherProjection(77, 5000, 40);
        float[] expected = new float[904 * 40];
        projection.fillRows(4096, 904, expected);
        try (NDManager scope = DjlRuntime.newManager()) {
            long before = ProjectionBlocks.heldBytes();
            NDArray block = ProjectionBlocks.rows(projection, 4096, 904, scope.getDevice(), scope);
            assertThat(block.getShape()).isEqualTo(new Shape(904, 40));
            assertThat(block.toFloatArray()).isEqualTo(expected);
            assertThat(ProjectionBlocks.heldBytes() - before).as("kept").isEqualTo(904L * 40 * Float.BYTES);
            assertThat(block.getManager()).as("not the caller's scope: it outlives it").isNotSameAs(scope);

            NDArray again = ProjectionBlocks.rows(new RademacherProjection(77, 5000, 40), 4096, 904,
                    scope.getDevice(), scope);
            assertThat(again).as("the same native block for an equal projection").isSameAs(block);
            assertThat(ProjectionBlocks.rows(new RademacherProjection(78, 5000, 40), 4096, 904, scope.getDevice(),
                    scope).toFloatArray()).as("another seed, another block").isNotEqualTo(expected);
        }
    }

    @Test
    void projectingTwiceGivesTheSameBitsAndSkipsAllZeroBlocks() {
        int inputDim = 3 * RademacherProjection.BLOCK_ROWS + 17;
        RademacherProjection projection = new RademacherProjection(5, inputDim, 24);
        float[] gradients = new float[2 * inputDim];
        java.util.Random random = new java.util.Random(3);
        for (int n = 0; n < 2; n++) {
            // the second block is zero in both rows: it contributes nothing and is skipped
            for (int i = 0; i < inputDim; i++) {
                boolean zero = i >= RademacherProjection.BLOCK_ROWS && i < 2 * RademacherProjection.BLOCK_ROWS;
                gradients[n * inputDim + i] = zero ? 0f : (float) random.nextGaussian();
            }
        }
        try (NDManager scope = DjlRuntime.newManager()) {
            NDArray matrix = scope.create(gradients, new Shape(2, inputDim));
            float[][] first = projection.project(matrix);
            float[][] second = projection.project(matrix);
            assertThat(second).isEqualTo(first);
            for (int n = 0; n < 2; n++) {
                double[] exact = projection.projectExactly(java.util.Arrays.copyOfRange(gradients, n * inputDim,
                        (n + 1) * inputDim));
                for (int j = 0; j < exact.length; j++) {
                    assertThat(Math.abs(first[n][j] - exact[j])).isLessThan(1e-4);
                }
            }
        }
    }
}
