package org.affinityensemble.model.decoder;

import org.affinityensemble.model.lora.LoraModule;

/**
 * The linear maps of a decoder layer that LoRA may adapt, in canonical order (attention q, k, v, o, then the SwiGLU
 * MLP's gate, up, down). {@link #shortName()} is the name in {@code LoraSpec.targets()}, {@link #hfPath()} the module
 * path inside {@code model.layers.{i}} and {@link #peftTarget()} the name in PEFT's {@code target_modules}.
 */
public enum DecoderModule implements LoraModule {
    Q("q", "self_attn.q_proj"),
    K("k", "self_attn.k_proj"),
    V("v", "self_attn.v_proj"),
    O("o", "self_attn.o_proj"),
    GATE("gate", "mlp.gate_proj"),
    UP("up", "mlp.up_proj"),
    DOWN("down", "mlp.down_proj");

    private final String shortName;
    private final String hfPath;

    DecoderModule(String shortName, String hfPath) {
        this.shortName = shortName;
        this.hfPath = hfPath;
    }

    @Override
    public String shortName() {
        return shortName;
    }

    public String hfPath() {
        return hfPath;
    }

    /** PEFT's name: the last path element ({@code q_proj}, ..., {@code down_proj}). */
    public String peftTarget() {
        return hfPath.substring(hfPath.indexOf('.') + 1);
    }

    /** Input and output size of this map's weight in a model: [out, in] in Hugging Face's orientation. */
    public int inDim(DecoderConfig config) {
        return switch (this) {
            case Q, K, V, GATE, UP -> config.hiddenSize();
            case O -> config.heads() * config.headDim();
            case DOWN -> config.intermediateSize();
        };
    }

    public int outDim(DecoderConfig config) {
        return switch (this) {
            case Q -> config.heads() * config.headDim();
            case K, V -> config.kvHeads() * config.headDim();
            case O, DOWN -> config.hiddenSize();
            case GATE, UP -> config.intermediateSize();
        };
    }

    public static DecoderModule ofShortName(String shortName) {
        for (DecoderModule module : values()) {
            if (module.shortName.equals(shortName)) {
                return module;
            }
        }
        throw new IllegalArgumentException("unknown decoder module '" + shortName + "'");
    }

    public static DecoderModule ofPeftTarget(String target) {
        for (DecoderModule module : values()) {
            if (module.peftTarget().equals(target) || module.hfPath().equals(target)) {
                return module;
            }
        }
        throw new IllegalArgumentException("target module '" + target + "' is not a decoder projection (q_proj, "
                + "k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj)");
    }
}
