package org.affinityensemble.model.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.classify.ClassifierSettings;
import org.affinityensemble.model.classify.LabelPrototypes;
import org.affinityensemble.model.classify.PrototypeClassifier;
import org.affinityensemble.model.classify.TaskLabels;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.LoraLayout;
import org.affinityensemble.model.lora.LoraModule;
import org.affinityensemble.model.tensor.HostTensor;
import org.affinityensemble.model.lora.PeftAdapterFiles;
import org.affinityensemble.model.lora.PeftAdapterFormat;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.runtime.HostArrays;
import org.affinityensemble.model.task.LanguageModel;

/**
 * A pretrained encoder with its tokenizer and the id under which projections and adapters refer to it. Load one
 * with {@link MiniLmJar#load()} (all-MiniLM-L6-v2 from the langchain4j jar) or {@link HfModelDirectory#load}.
 * Thread-safe for inference (see {@link BertEncoder}); close it to free its native memory.
 */
public final class BaseModel implements LanguageModel {

    /** The architecture name of every encoder this class runs (BERT-family, mean pooling). */
    public static final String ARCHITECTURE = "BertModel";

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

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public String architecture() {
        return ARCHITECTURE;
    }

    @Override
    public LoraLayout layout(LoraSpec spec) {
        return LoraLayout.of(config(), spec);
    }

    @Override
    public HostTensor baseWeight(int layer, LoraModule module) {
        if (!(module instanceof AttentionModule attention)) {
            throw new IllegalArgumentException("an encoder adapts attention projections, not " + module);
        }
        return encoder.exportWeight(BertWeightNames.projection(layer, attention) + ".weight");
    }

    /** The prototype classifier of these tasks (their label names embedded by the frozen model, ADR 0010). */
    @Override
    public PrototypeClassifier classifier(List<TaskLabels> tasks, ClassifierSettings settings) {
        return new PrototypeClassifier(this, LabelPrototypes.embed(this, tasks, settings.maxLength()), settings);
    }

    @Override
    public PeftAdapterFiles writeAdapter(LoraAdapter adapter) {
        return PeftAdapterFormat.write(adapter, modelId);
    }

    @Override
    public LoraAdapter readAdapter(PeftAdapterFiles files) throws IOException {
        return PeftAdapterFormat.read(files, config());
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
