package org.affinityensemble.model.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.runtime.HostArrays;

/**
 * A pretrained encoder with its tokenizer and the id under which projections and adapters refer to it. Load one
 * with {@link MiniLmJar#load()} (all-MiniLM-L6-v2 from the langchain4j jar) or {@link HfModelDirectory#load}.
 * Thread-safe for inference (see {@link BertEncoder}); close it to free its native memory.
 */
public final class BaseModel implements AutoCloseable {

    private static final int EMBEDDING_CHUNK = 32;

    private final String modelId;
    private final BertEncoder encoder;
    private final TextTokenizer tokenizer;

    public BaseModel(String modelId, BertEncoder encoder, TextTokenizer tokenizer) {
        if (modelId == null || modelId.isBlank()) {
            throw new IllegalArgumentException("model id is empty");
        }
        this.modelId = modelId;
        this.encoder = encoder;
        this.tokenizer = tokenizer;
    }

    public String modelId() {
        return modelId;
    }

    public BertConfig config() {
        return encoder.config();
    }

    public BertEncoder encoder() {
        return encoder;
    }

    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    /** An independent copy computing in another floating-point type (FLOAT64 for finite differences). */
    public BaseModel withDataType(DataType type) {
        return new BaseModel(modelId, encoder.withDataType(type), new TextTokenizer(tokenizer.tokenizerJson()));
    }

    /** Frozen-model sentence embeddings (L2-normalised mean pooling), one row per text. */
    public float[][] embed(List<String> texts, int maxLength) {
        List<float[]> rows = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += EMBEDDING_CHUNK) {
            TokenBatch batch = tokenizer.encode(texts.subList(from, Math.min(texts.size(), from + EMBEDDING_CHUNK)),
                    maxLength);
            try (NDManager scope = DjlRuntime.newManager()) {
                NDArray embeddings = encoder.sentenceEmbeddings(batch.idArray(scope), batch.maskArray(scope),
                        ProjectionAdaptation.NONE);
                rows.addAll(List.of(HostArrays.rows(embeddings)));
            }
        }
        return rows.toArray(float[][]::new);
    }

    @Override
    public void close() {
        encoder.close();
        tokenizer.close();
    }
}
