package org.affinityensemble.model.encoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The architecture of a BERT-family encoder, with the meaning of the Hugging Face {@code config.json} fields of
 * the same names. Only what the forward pass needs: absolute position embeddings, erf GELU and post-LayerNorm are
 * the fixed BERT choices (a config asking for anything else is rejected by {@link #fromHfConfig}).
 */
public record BertConfig(int vocabSize, int hiddenSize, int layers, int heads, int intermediateSize,
        int maxPositions, int typeVocabSize, double layerNormEps) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public BertConfig {
        if (vocabSize < 1 || hiddenSize < 1 || layers < 1 || heads < 1 || intermediateSize < 1 || maxPositions < 2
                || typeVocabSize < 1 || !(layerNormEps > 0)) {
            throw new IllegalArgumentException("invalid BERT configuration");
        }
        if (hiddenSize % heads != 0) {
            throw new IllegalArgumentException("hidden size " + hiddenSize + " is not a multiple of " + heads + " heads");
        }
    }

    /** sentence-transformers/all-MiniLM-L6-v2: 6 layers, hidden 384, 12 heads of 32, intermediate 1536. */
    public static BertConfig allMiniLmL6V2() {
        return new BertConfig(30522, 384, 6, 12, 1536, 512, 2, 1e-12);
    }

    public int headSize() {
        return hiddenSize / heads;
    }

    /** Parses a Hugging Face {@code config.json} of a BERT model. */
    public static BertConfig fromHfConfig(byte[] configJson) throws IOException {
        JsonNode node = JSON.readTree(configJson);
        String modelType = node.path("model_type").asText("bert");
        if (!modelType.equals("bert")) {
            throw new IOException("model_type '" + modelType + "' is not supported (BERT-family encoders only)");
        }
        String activation = node.path("hidden_act").asText("gelu");
        if (!activation.equals("gelu")) {
            throw new IOException("hidden_act '" + activation + "' is not supported (erf GELU only)");
        }
        String positions = node.path("position_embedding_type").asText("absolute");
        if (!positions.equals("absolute")) {
            throw new IOException("position_embedding_type '" + positions + "' is not supported");
        }
        return new BertConfig(required(node, "vocab_size"), required(node, "hidden_size"),
                required(node, "num_hidden_layers"), required(node, "num_attention_heads"),
                required(node, "intermediate_size"), required(node, "max_position_embeddings"),
                node.path("type_vocab_size").asInt(2), node.path("layer_norm_eps").asDouble(1e-12));
    }

    /** A Hugging Face {@code config.json} for this architecture ({@code BertModel}). */
    public byte[] toHfConfig() {
        ObjectNode node = JSON.createObjectNode();
        node.putArray("architectures").add("BertModel");
        node.put("model_type", "bert");
        node.put("vocab_size", vocabSize);
        node.put("hidden_size", hiddenSize);
        node.put("num_hidden_layers", layers);
        node.put("num_attention_heads", heads);
        node.put("intermediate_size", intermediateSize);
        node.put("max_position_embeddings", maxPositions);
        node.put("type_vocab_size", typeVocabSize);
        node.put("layer_norm_eps", layerNormEps);
        node.put("hidden_act", "gelu");
        node.put("position_embedding_type", "absolute");
        node.put("hidden_dropout_prob", 0.1);
        node.put("attention_probs_dropout_prob", 0.1);
        node.put("pad_token_id", 0);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int required(JsonNode node, String field) throws IOException {
        if (!node.has(field)) {
            throw new IOException("config.json lacks " + field);
        }
        return node.get(field).asInt();
    }
}
