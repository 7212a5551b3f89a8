package org.affinityensemble.model.decoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The shape of a decoder LM as its Hugging Face {@code config.json} gives it. {@code headDim} is config.json's
 * {@code head_dim} when present, else hidden / heads; {@code slidingWindow} is 0 when every token attends to all
 * earlier ones (Mistral's {@code sliding_window} null, Llama, Qwen2 with {@code use_sliding_window} false);
 * {@code ropeScaling} is null for plain rotary embeddings.
 */
public record DecoderConfig(DecoderArchitecture architecture, int vocabSize, int hiddenSize, int intermediateSize,
        int layers, int heads, int kvHeads, int headDim, double rmsNormEps, double ropeTheta, RopeScaling ropeScaling,
        int maxPositions, boolean tieWordEmbeddings, boolean attentionBias, boolean mlpBias, int slidingWindow) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public DecoderConfig {
        if (vocabSize < 2 || hiddenSize < 1 || intermediateSize < 1 || layers < 1 || heads < 1 || kvHeads < 1
                || headDim < 2 || headDim % 2 != 0 || maxPositions < 1 || slidingWindow < 0) {
            throw new IllegalArgumentException("invalid decoder configuration");
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException(heads + " attention heads are not a multiple of " + kvHeads
                    + " key/value heads");
        }
        if (architecture == DecoderArchitecture.QWEN2 && attentionBias) {
            throw new IllegalArgumentException("Qwen2 has q/k/v biases by definition; attention_bias is Llama's");
        }
    }

    /** Whether the weight of {@code module} has a bias: Qwen2's q, k, v; Llama's under attention_bias/mlp_bias. */
    public boolean hasBias(DecoderModule module) {
        return switch (module) {
            case Q, K, V -> architecture == DecoderArchitecture.QWEN2 || attentionBias;
            case O -> attentionBias;
            case GATE, UP, DOWN -> mlpBias;
        };
    }

    /** Heads that share one key/value head (grouped-query attention). */
    public int groupSize() {
        return heads / kvHeads;
    }

    /** The rotary inverse frequencies θ^(−2i/d) for i < d/2, d = headDim, after {@link #ropeScaling()}. */
    public double[] inverseFrequencies() {
        double[] frequencies = new double[headDim / 2];
        for (int i = 0; i < frequencies.length; i++) {
            frequencies[i] = 1.0 / Math.pow(ropeTheta, (2.0 * i) / headDim);
        }
        if (ropeScaling != null) {
            ropeScaling.apply(frequencies);
        }
        return frequencies;
    }

    public static DecoderConfig fromHfConfig(byte[] json) throws IOException {
        JsonNode node = JSON.readTree(json);
        String type = node.path("model_type").asText("");
        if (type.isEmpty() && node.path("architectures").isArray() && node.path("architectures").size() > 0) {
            type = node.path("architectures").get(0).asText();
        }
        DecoderArchitecture architecture = DecoderArchitecture.of(type);
        String activation = node.path("hidden_act").asText("silu");
        if (!activation.equals("silu")) {
            throw new IOException("hidden_act '" + activation + "' is not supported (silu)");
        }
        int hidden = require(node, "hidden_size");
        int heads = require(node, "num_attention_heads");
        int kvHeads = node.path("num_key_value_heads").isNumber() ? node.get("num_key_value_heads").asInt() : heads;
        int headDim = node.path("head_dim").isNumber() ? node.get("head_dim").asInt() : hidden / heads;
        RopeScaling scaling = null;
        JsonNode rope = node.path("rope_scaling");
        if (rope.isObject()) {
            String ropeType = rope.path("rope_type").asText(rope.path("type").asText("default"));
            if (!ropeType.equals("default")) {
                try {
                    scaling = new RopeScaling(ropeType, rope.path("factor").asDouble(1),
                            rope.path("low_freq_factor").asDouble(0), rope.path("high_freq_factor").asDouble(0),
                            rope.path("original_max_position_embeddings").asInt(0));
                } catch (IllegalArgumentException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
        }
        int slidingWindow = 0;
        if (architecture == DecoderArchitecture.MISTRAL && node.path("sliding_window").isNumber()) {
            slidingWindow = node.get("sliding_window").asInt();
        }
        if (architecture == DecoderArchitecture.QWEN2 && node.path("use_sliding_window").asBoolean(false)) {
            throw new IOException("Qwen2 with use_sliding_window=true is not supported");
        }
        if (node.path("partial_rotary_factor").isNumber() && node.get("partial_rotary_factor").asDouble() != 1.0) {
            throw new IOException("partial_rotary_factor is not supported");
        }
        // transformers' PretrainedConfig defaults tie_word_embeddings to true; Llama's, Qwen2's and Mistral's
        // configuration classes pass false unless the file says otherwise
        boolean tie = node.path("tie_word_embeddings").asBoolean(false);
        try {
            return new DecoderConfig(architecture, require(node, "vocab_size"), hidden,
                    require(node, "intermediate_size"), require(node, "num_hidden_layers"), heads, kvHeads, headDim,
                    node.path("rms_norm_eps").asDouble(1e-6), node.path("rope_theta").asDouble(10000.0), scaling,
                    node.path("max_position_embeddings").asInt(2048), tie,
                    architecture == DecoderArchitecture.LLAMA && node.path("attention_bias").asBoolean(false),
                    architecture == DecoderArchitecture.LLAMA && node.path("mlp_bias").asBoolean(false),
                    slidingWindow);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** config.json as Hugging Face transformers writes it for this architecture (the fields read back above). */
    public byte[] toHfConfig() {
        ObjectNode node = JSON.createObjectNode();
        node.putArray("architectures").add(architecture.hfClass());
        node.put("model_type", architecture.modelType());
        node.put("vocab_size", vocabSize);
        node.put("hidden_size", hiddenSize);
        node.put("intermediate_size", intermediateSize);
        node.put("num_hidden_layers", layers);
        node.put("num_attention_heads", heads);
        node.put("num_key_value_heads", kvHeads);
        node.put("head_dim", headDim);
        node.put("hidden_act", "silu");
        node.put("max_position_embeddings", maxPositions);
        node.put("rms_norm_eps", rmsNormEps);
        node.put("rope_theta", ropeTheta);
        if (ropeScaling == null) {
            node.putNull("rope_scaling");
        } else {
            ObjectNode rope = node.putObject("rope_scaling");
            rope.put("rope_type", ropeScaling.type());
            rope.put("factor", ropeScaling.factor());
            if (RopeScaling.LLAMA3.equals(ropeScaling.type())) {
                rope.put("low_freq_factor", ropeScaling.lowFreqFactor());
                rope.put("high_freq_factor", ropeScaling.highFreqFactor());
                rope.put("original_max_position_embeddings", ropeScaling.originalMaxPositions());
            }
        }
        node.put("tie_word_embeddings", tieWordEmbeddings);
        switch (architecture) {
            case LLAMA -> {
                node.put("attention_bias", attentionBias);
                node.put("mlp_bias", mlpBias);
            }
            case MISTRAL -> {
                if (slidingWindow > 0) {
                    node.put("sliding_window", slidingWindow);
                } else {
                    node.putNull("sliding_window");
                }
            }
            case QWEN2 -> node.put("use_sliding_window", false);
        }
        node.put("torch_dtype", "float32");
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int require(JsonNode node, String field) throws IOException {
        if (!node.path(field).isNumber()) {
            throw new IOException("config.json lacks " + field);
        }
        return node.get(field).asInt();
    }
}
