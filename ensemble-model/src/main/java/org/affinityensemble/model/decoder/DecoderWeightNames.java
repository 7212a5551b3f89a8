package org.affinityensemble.model.decoder;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hugging Face parameter names of a {@code *ForCausalLM} decoder and their shapes: {@code model.embed_tokens},
 * per layer {@code input_layernorm}, {@code self_attn.{q,k,v,o}_proj}, {@code post_attention_layernorm},
 * {@code mlp.{gate,up,down}_proj}, then {@code model.norm} and, unless the head is tied to the embeddings,
 * {@code lm_head}.
 */
public final class DecoderWeightNames {

    public static final String EMBEDDINGS = "model.embed_tokens.weight";
    public static final String FINAL_NORM = "model.norm.weight";
    public static final String LM_HEAD = "lm_head.weight";

    private DecoderWeightNames() {
    }

    public static String layerPrefix(int layer) {
        return "model.layers." + layer + ".";
    }

    public static String inputNorm(int layer) {
        return layerPrefix(layer) + "input_layernorm.weight";
    }

    public static String postAttentionNorm(int layer) {
        return layerPrefix(layer) + "post_attention_layernorm.weight";
    }

    /** The module path of a projection, without {@code .weight}/{@code .bias}. */
    public static String projection(int layer, DecoderModule module) {
        return layerPrefix(layer) + module.hfPath();
    }

    /** Every parameter the model reads, with its shape, in Hugging Face's order. */
    public static Map<String, long[]> shapes(DecoderConfig config) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        long hidden = config.hiddenSize();
        shapes.put(EMBEDDINGS, new long[] {config.vocabSize(), hidden});
        for (int layer = 0; layer < config.layers(); layer++) {
            shapes.put(inputNorm(layer), new long[] {hidden});
            for (DecoderModule module : DecoderModule.values()) {
                if (module == DecoderModule.GATE) {
                    shapes.put(postAttentionNorm(layer), new long[] {hidden});
                }
                String path = projection(layer, module);
                shapes.put(path + ".weight", new long[] {module.outDim(config), module.inDim(config)});
                if (config.hasBias(module)) {
                    shapes.put(path + ".bias", new long[] {module.outDim(config)});
                }
            }
        }
        shapes.put(FINAL_NORM, new long[] {hidden});
        if (!config.tieWordEmbeddings()) {
            shapes.put(LM_HEAD, new long[] {config.vocabSize(), hidden});
        }
        return shapes;
    }
}
