package org.affinityensemble.model.encoder;

import org.affinityensemble.model.lora.LoraModule;

/**
 * The four attention projections of a BERT layer that LoRA may adapt, in the canonical order q, k, v, o. The short
 * names are those of {@code LoraSpec.targets()}; {@link #hfPath()} is the module path inside
 * {@code encoder.layer.{i}} of a Hugging Face {@code BertModel}.
 */
public enum AttentionModule implements LoraModule {
    Q("q", "attention.self.query"),
    K("k", "attention.self.key"),
    V("v", "attention.self.value"),
    O("o", "attention.output.dense");

    private final String shortName;
    private final String hfPath;

    AttentionModule(String shortName, String hfPath) {
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

    /** The module of a short name ({@code q}, {@code k}, {@code v}, {@code o}). */
    public static AttentionModule ofShortName(String shortName) {
        for (AttentionModule module : values()) {
            if (module.shortName.equals(shortName)) {
                return module;
            }
        }
        throw new IllegalArgumentException("unknown attention module '" + shortName + "'");
    }
}
