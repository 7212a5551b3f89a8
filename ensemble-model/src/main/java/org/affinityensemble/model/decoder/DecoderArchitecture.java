package org.affinityensemble.model.decoder;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The decoder LM architectures this module runs, by the {@code architectures} / {@code model_type} of a Hugging Face
 * {@code config.json}. They share one computation (RMSNorm, rotary embeddings, grouped-query attention, SwiGLU MLP)
 * and differ in details that {@link DecoderConfig} carries:
 * <ul>
 *   <li>Llama 2/3: optional {@code attention_bias} (q, k, v, o) and {@code mlp_bias}; Llama 3.1+ scales rotary
 *       frequencies ({@code rope_scaling} of type {@code llama3});</li>
 *   <li>Qwen2: biases on q, k and v (never on o); small checkpoints tie the LM head to the embeddings;</li>
 *   <li>Mistral: no biases; {@code sliding_window} limits how far back a token attends.</li>
 * </ul>
 */
public enum DecoderArchitecture {
    LLAMA("LlamaForCausalLM", "llama"),
    QWEN2("Qwen2ForCausalLM", "qwen2"),
    MISTRAL("MistralForCausalLM", "mistral");

    private final String hfClass;
    private final String modelType;

    DecoderArchitecture(String hfClass, String modelType) {
        this.hfClass = hfClass;
        this.modelType = modelType;
    }

    /** The {@code architectures} entry of config.json, e.g. {@code LlamaForCausalLM}. */
    public String hfClass() {
        return hfClass;
    }

    /** The {@code model_type} of config.json, e.g. {@code llama}. */
    public String modelType() {
        return modelType;
    }

    /** The architecture of a {@code model_type} or an {@code architectures} entry, or of a CLI name. */
    public static DecoderArchitecture of(String name) {
        for (DecoderArchitecture architecture : values()) {
            if (architecture.modelType.equalsIgnoreCase(name) || architecture.hfClass.equals(name)) {
                return architecture;
            }
        }
        throw new IllegalArgumentException("unsupported decoder architecture '" + name + "' (llama, qwen2, mistral)");
    }

    /** Whether a config.json names one of these architectures (by {@code model_type} or {@code architectures}). */
    public static boolean recognises(JsonNode config) {
        for (DecoderArchitecture architecture : values()) {
            if (architecture.modelType.equalsIgnoreCase(config.path("model_type").asText(""))) {
                return true;
            }
            for (JsonNode name : config.path("architectures")) {
                if (architecture.hfClass.equals(name.asText())) {
                    return true;
                }
            }
        }
        return false;
    }
}
