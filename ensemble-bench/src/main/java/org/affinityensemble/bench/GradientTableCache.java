package org.affinityensemble.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.affinityensemble.model.gradient.ProjectedGradient;

/**
 * A benchmark-only store of computed gradient tables ({@code --cache=DIR} of {@code bench affinity}), so that runs
 * that differ only after the gradients (the estimator, the grouping, the ground truth) do not compute them again.
 * A table is filed under a hash of everything it depends on (the caller's key: the examples, the start adapter,
 * the projection, the gradient settings); the file holds the seconds they took and each example's f0 and row,
 * checked against the examples' ids on load. Not for the services.
 */
final class GradientTableCache {

    private final Path directory;

    GradientTableCache(Path directory) {
        this.directory = directory;
    }

    Optional<GradientTable> load(String key, List<BenchmarkExample> examples) throws IOException {
        Path file = directory.resolve("gradients-" + MetaInitialisationCache.hash(key) + ".bin");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
            double seconds = in.readDouble();
            int maxDim = in.readInt();
            int count = in.readInt();
            if (count != examples.size()) {
                return Optional.empty();
            }
            List<ProjectedGradient> gradients = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                if (!in.readUTF().equals(examples.get(i).sampleId())) {
                    return Optional.empty();
                }
                double f0 = in.readDouble();
                float[] row = new float[maxDim];
                for (int j = 0; j < maxDim; j++) {
                    row[j] = in.readFloat();
                }
                gradients.add(new ProjectedGradient(f0, row));
            }
            return Optional.of(GradientTable.of(maxDim, examples, gradients, seconds));
        }
    }

    void store(String key, GradientTable table) throws IOException {
        Files.createDirectories(directory);
        String name = "gradients-" + MetaInitialisationCache.hash(key);
        Path partial = directory.resolve(name + ".partial");
        try (OutputStream raw = Files.newOutputStream(partial);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw))) {
            out.writeDouble(table.seconds());
            out.writeInt(table.maxDim());
            out.writeInt(table.examples().size());
            for (int i = 0; i < table.examples().size(); i++) {
                out.writeUTF(table.examples().get(i).sampleId());
                ProjectedGradient gradient = table.gradients().get(i);
                out.writeDouble(gradient.f0());
                for (float value : gradient.projected()) {
                    out.writeFloat(value);
                }
            }
        }
        Files.move(partial, directory.resolve(name + ".bin"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(directory.resolve(name + ".key"), key);
    }
}
