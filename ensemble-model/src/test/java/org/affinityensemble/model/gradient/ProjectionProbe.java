package org.affinityensemble.model.gradient;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.affinityensemble.model.runtime.DjlRuntime;

/**
 * Child-JVM main of {@link RademacherProjectionTest}: projects a fixed pseudo-random gradient matrix (with some
 * all-zero blocks) and writes the float bits of the result to the file named by the first argument.
 */
public final class ProjectionProbe {

    static final long SEED = 20250101L;
    static final int ROWS = 6;
    static final int INPUT_DIM = 110_592;
    static final int OUTPUT_DIM = 400;

    private ProjectionProbe() {
    }

    public static void main(String[] args) throws IOException {
        float[][] projected = projectFixedMatrix();
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(Path.of(args[0])))) {
            for (float[] row : projected) {
                for (float v : row) {
                    out.writeInt(Float.floatToRawIntBits(v));
                }
            }
        }
    }

    static float[] fixedMatrix() {
        SplittableRandom random = new SplittableRandom(7);
        float[] values = new float[ROWS * INPUT_DIM];
        for (int n = 0; n < ROWS; n++) {
            for (int i = 0; i < INPUT_DIM; i++) {
                boolean zeroBlock = (i / RademacherProjection.BLOCK_ROWS) % 3 == 0;
                values[n * INPUT_DIM + i] = zeroBlock ? 0f : (float) (random.nextDouble() - 0.5);
            }
        }
        return values;
    }

    static float[][] projectFixedMatrix() {
        RademacherProjection projection = new RademacherProjection(SEED, INPUT_DIM, OUTPUT_DIM);
        try (NDManager manager = DjlRuntime.newManager()) {
            return projection.project(manager.create(fixedMatrix(), new Shape(ROWS, INPUT_DIM)));
        }
    }
}
