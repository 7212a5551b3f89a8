package org.affinityensemble.model.encoder;

import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.tensor.SafetensorsReader;
import org.affinityensemble.model.tensor.SafetensorsWriter;

/**
 * A Hugging Face model directory of a BERT-family encoder: {@code config.json}, {@code model.safetensors}
 * (parameter names with or without the {@code bert.} prefix; F32, F16, BF16 or F64) and {@code tokenizer.json}.
 * Lets users bring their own encoder; {@link #write} produces such a directory from a loaded model.
 */
public final class HfModelDirectory {

    public static final String CONFIG = "config.json";
    public static final String WEIGHTS = "model.safetensors";
    public static final String TOKENIZER = "tokenizer.json";

    private HfModelDirectory() {
    }

    /** Loads the directory under the given model id (the id projections and adapters record). */
    public static BaseModel load(Path directory, String modelId) throws IOException {
        DjlRuntime.ensureOffline();
        BertConfig config = BertConfig.fromHfConfig(Files.readAllBytes(directory.resolve(CONFIG)));
        var weights = SafetensorsReader.read(Files.readAllBytes(directory.resolve(WEIGHTS))).tensors();
        byte[] tokenizerJson = Files.readAllBytes(directory.resolve(TOKENIZER));
        BertEncoder encoder = BertEncoder.create(config, weights, DataType.FLOAT32);
        return new BaseModel(modelId, encoder, new TextTokenizer(tokenizerJson));
    }

    /** Writes the model's configuration, float32 weights and tokenizer into {@code directory}. */
    public static void write(BaseModel model, Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.write(directory.resolve(CONFIG), model.config().toHfConfig());
        Files.write(directory.resolve(WEIGHTS),
                SafetensorsWriter.toBytes(model.encoder().exportWeights(), Map.of("format", "pt")));
        Files.write(directory.resolve(TOKENIZER), model.tokenizer().tokenizerJson());
    }
}
