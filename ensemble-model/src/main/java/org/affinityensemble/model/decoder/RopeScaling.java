package org.affinityensemble.model.decoder;

/**
 * A {@code rope_scaling} entry of config.json that this module applies to the rotary inverse frequencies:
 * {@code linear} (every frequency divided by {@code factor}) or {@code llama3} (Llama 3.1+: with wavelength
 * λ = 2π/f, frequencies with λ below {@code original_max_position_embeddings / high_freq_factor} are kept, those
 * above {@code original / low_freq_factor} divided by {@code factor}, and those between interpolated with
 * s = (original/λ − low) / (high − low) as (1 − s)·f/factor + s·f). Other types (dynamic, yarn, longrope) are
 * rejected when the configuration is read; the attention factor of llama3 and linear is 1.
 */
public record RopeScaling(String type, double factor, double lowFreqFactor, double highFreqFactor,
        int originalMaxPositions) {

    public static final String LINEAR = "linear";
    public static final String LLAMA3 = "llama3";

    public RopeScaling {
        if (!LINEAR.equals(type) && !LLAMA3.equals(type)) {
            throw new IllegalArgumentException("unsupported rope_scaling type '" + type + "' (linear, llama3)");
        }
        if (!(factor > 0)) {
            throw new IllegalArgumentException("rope_scaling factor must be positive");
        }
        if (LLAMA3.equals(type) && !(highFreqFactor > lowFreqFactor && lowFreqFactor > 0 && originalMaxPositions > 0)) {
            throw new IllegalArgumentException("llama3 rope_scaling needs high_freq_factor > low_freq_factor > 0 and "
                    + "original_max_position_embeddings > 0");
        }
    }

    public static RopeScaling llama3(double factor, double lowFreqFactor, double highFreqFactor, int originalMax) {
        return new RopeScaling(LLAMA3, factor, lowFreqFactor, highFreqFactor, originalMax);
    }

    /** Scales inverse frequencies in place. */
    void apply(double[] inverseFrequencies) {
        for (int i = 0; i < inverseFrequencies.length; i++) {
            double f = inverseFrequencies[i];
            if (LINEAR.equals(type)) {
                inverseFrequencies[i] = f / factor;
                continue;
            }
            double wavelength = 2 * Math.PI / f;
            double lowFreqWavelength = originalMaxPositions / lowFreqFactor;
            double highFreqWavelength = originalMaxPositions / highFreqFactor;
            if (wavelength < highFreqWavelength) {
                inverseFrequencies[i] = f;
            } else if (wavelength > lowFreqWavelength) {
                inverseFrequencies[i] = f / factor;
            } else {
                double smooth = (originalMaxPositions / wavelength - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                inverseFrequencies[i] = (1 - smooth) * f / factor + smooth * f;
            }
        }
    }
}
