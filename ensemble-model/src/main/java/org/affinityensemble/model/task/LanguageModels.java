package org.affinityensemble.model.task;

import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.affinityensemble.model.decoder.DecoderArchitecture;
import org.affinityensemble.model.decoder.DecoderBase;
import org.affinityensemble.model.encoder.HfModelDirectory;
import org.affinityensemble.model.encoder.MiniLmJar;
import org.affinityensemble.model.encoder.ModelReference;

/**
 * Loads the base model a run names: the bundled all-MiniLM-L6-v2 (no directory), or a Hugging Face model
 * directory — a decoder LM when its {@code config.json} names a Llama, Qwen2 or Mistral architecture
 * ({@code model_type} or {@code architectures}), otherwise a BERT-family encoder.
 */
public final class LanguageModels {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LanguageModels() {
    }

    public static LanguageModel load(ModelReference reference) {
        try {
            LanguageModel model = reference.directory() == null ? MiniLmJar.load()
                    : load(Path.of(reference.directory()), reference.modelId(), baseType(reference.baseType()));
            if (!model.modelId().equals(reference.modelId())) {
                model.close();
                throw new IllegalStateException("loaded model " + model.modelId() + ", the run asks for "
                        + reference.modelId());
            }
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the base model " + reference.modelId() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Loads a Hugging Face directory under {@code modelId}, a decoder's frozen weights held in {@code baseType}. */
    public static LanguageModel load(Path directory, String modelId, DataType baseType) throws IOException {
        return isDecoder(directory) ? DecoderBase.load(directory, modelId, baseType)
                : HfModelDirectory.load(directory, modelId);
    }

    /** Whether the directory's config.json names a decoder architecture this project runs. */
    public static boolean isDecoder(Path directory) throws IOException {
        Path config = directory.resolve(HfModelDirectory.CONFIG);
        if (!Files.isRegularFile(config)) {
            throw new IOException("no " + HfModelDirectory.CONFIG + " in " + directory);
        }
        JsonNode node = JSON.readTree(config.toFile());
        return DecoderArchitecture.recognises(node);
    }

    /** {@code float32} (default) or {@code float16}; bf16 is refused (docs/decoders.md: DJL 0.33 aborts on it). */
    public static DataType baseType(String name) {
        if (name == null || name.isBlank()) {
            return DataType.FLOAT32;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "float32", "fp32" -> DataType.FLOAT32;
            case "float16", "fp16" -> DataType.FLOAT16;
            default -> throw new IllegalArgumentException("model base type " + name
                    + " is not supported: use float32 or float16 (bf16 aborts DJL 0.33's native library)");
        };
    }
}
