package org.affinityensemble.bench;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.affinityensemble.model.lora.LoraAdapter;

/**
 * A benchmark-only store of trained meta-initialisations θ* ({@code --meta-init-cache=DIR}), so that runs that
 * differ only after θ* (the adapters' epochs, boosting, grouping) do not train the same θ* again. A θ* is filed
 * under a hash of everything it depends on (the caller's key: tasks, sample, training settings, LoRA spec,
 * classifier settings); the file holds the flat LoRA vector and the label embeddings. Not for the services.
 */
final class MetaInitialisationCache {

    private final Path directory;

    MetaInitialisationCache(Path directory) {
        this.directory = directory;
    }

    static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Optional<LoraAdapter> load(String key, LoraAdapter template) throws IOException {
        Path file = directory.resolve("meta-" + hash(key) + ".bin");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(raw)) {
            float[] parameters = new float[in.readInt()];
            for (int i = 0; i < parameters.length; i++) {
                parameters[i] = in.readFloat();
            }
            Map<String, float[][]> labels = new LinkedHashMap<>();
            int tasks = in.readInt();
            for (int t = 0; t < tasks; t++) {
                String task = in.readUTF();
                float[][] vectors = new float[in.readInt()][in.readInt()];
                for (float[] row : vectors) {
                    for (int j = 0; j < row.length; j++) {
                        row[j] = in.readFloat();
                    }
                }
                labels.put(task, vectors);
            }
            LoraAdapter adapter = template.withParameters(parameters);
            return Optional.of(labels.isEmpty() ? adapter : adapter.withLabels(labels));
        }
    }

    void store(String key, LoraAdapter adapter) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("meta-" + hash(key) + ".bin");
        Path partial = directory.resolve("meta-" + hash(key) + ".partial");
        try (OutputStream raw = Files.newOutputStream(partial); DataOutputStream out = new DataOutputStream(
                new java.io.BufferedOutputStream(raw))) {
            float[] parameters = adapter.parameters();
            out.writeInt(parameters.length);
            for (float value : parameters) {
                out.writeFloat(value);
            }
            out.writeInt(adapter.labelledTasks().size());
            for (String task : adapter.labelledTasks()) {
                float[][] vectors = adapter.labels(task);
                out.writeUTF(task);
                out.writeInt(vectors.length);
                out.writeInt(vectors[0].length);
                for (float[] row : vectors) {
                    for (float value : row) {
                        out.writeFloat(value);
                    }
                }
            }
        }
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(directory.resolve("meta-" + hash(key) + ".key"), key);
    }
}
