package org.affinityensemble.model.encoder;

import java.util.ArrayList;
import java.util.List;

/**
 * The Hugging Face parameter names of a {@code BertModel} (without the {@code bert.} prefix a task model adds).
 * Linear weights are [out, in], as {@code torch.nn.Linear} stores them.
 */
public final class BertWeightNames {

    public static final String WORD_EMBEDDINGS = "embeddings.word_embeddings.weight";
    public static final String POSITION_EMBEDDINGS = "embeddings.position_embeddings.weight";
    public static final String TOKEN_TYPE_EMBEDDINGS = "embeddings.token_type_embeddings.weight";
    public static final String EMBEDDINGS_NORM = "embeddings.LayerNorm";

    private BertWeightNames() {
    }

    /** {@code encoder.layer.{layer}.} */
    public static String layer(int layer) {
        return "encoder.layer." + layer + ".";
    }

    /** The module path of an attention projection, e.g. {@code encoder.layer.0.attention.self.query}. */
    public static String projection(int layer, AttentionModule module) {
        return layer(layer) + module.hfPath();
    }

    public static String attentionNorm(int layer) {
        return layer(layer) + "attention.output.LayerNorm";
    }

    public static String intermediate(int layer) {
        return layer(layer) + "intermediate.dense";
    }

    public static String output(int layer) {
        return layer(layer) + "output.dense";
    }

    public static String outputNorm(int layer) {
        return layer(layer) + "output.LayerNorm";
    }

    /** Every parameter name a model of this configuration needs (LayerNorms as {@code .weight}/{@code .bias}). */
    public static List<String> all(BertConfig config) {
        List<String> names = new ArrayList<>(List.of(WORD_EMBEDDINGS, POSITION_EMBEDDINGS, TOKEN_TYPE_EMBEDDINGS,
                EMBEDDINGS_NORM + ".weight", EMBEDDINGS_NORM + ".bias"));
        for (int layer = 0; layer < config.layers(); layer++) {
            List<String> modules = new ArrayList<>();
            for (AttentionModule module : AttentionModule.values()) {
                modules.add(projection(layer, module));
            }
            modules.add(attentionNorm(layer));
            modules.add(intermediate(layer));
            modules.add(output(layer));
            modules.add(outputNorm(layer));
            for (String module : modules) {
                names.add(module + ".weight");
                names.add(module + ".bias");
            }
        }
        return names;
    }
}
