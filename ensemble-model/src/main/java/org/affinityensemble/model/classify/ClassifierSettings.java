package org.affinityensemble.model.classify;

/**
 * The prototype classifier's settings: the cosine {@code scale} s of the logits s·cos(enc(x), e_l) and the
 * tokenizer's {@code maxLength} (tokens per text, special tokens included).
 */
public record ClassifierSettings(double scale, int maxLength) {

    public static final double DEFAULT_SCALE = 20;
    public static final int DEFAULT_MAX_LENGTH = 128;

    public ClassifierSettings {
        if (!(scale > 0) || maxLength < 8) {
            throw new IllegalArgumentException("scale must be positive and maxLength at least 8");
        }
    }

    public static ClassifierSettings defaults() {
        return new ClassifierSettings(DEFAULT_SCALE, DEFAULT_MAX_LENGTH);
    }
}
