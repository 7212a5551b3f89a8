package org.affinityensemble.affinity;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The trajectory estimator's learning-rate factor by the trainer's epochs: the projected coordinates' learning rate
 * over the trainer's, calibrated against real fine-tuning by {@code bin/ensemble bench estimate} (docs/affinity.md)
 * at d = 400 from a meta-initialisation with A frozen. A schedule whose epochs were not calibrated takes the factor
 * of the nearest calibrated epochs (the longer one on a tie), and {@link #calibrated} says so. Immutable.
 */
public record TrajectoryCalibration(Map<Integer, Double> factorsByEpochs) {

    /** Measured 2026-12-06: 3.16 after one epoch, 2.37 after two (ADR 0047). */
    public static final TrajectoryCalibration DEFAULT = new TrajectoryCalibration(Map.of(1, 3.16, 2, 2.37));

    public TrajectoryCalibration {
        if (factorsByEpochs == null || factorsByEpochs.isEmpty()) {
            throw new IllegalArgumentException("a trajectory calibration needs at least one factor");
        }
        factorsByEpochs.forEach((epochs, factor) -> {
            if (epochs < 1 || !(factor > 0) || !Double.isFinite(factor)) {
                throw new IllegalArgumentException("invalid calibration " + epochs + "=" + factor);
            }
        });
        factorsByEpochs = Collections.unmodifiableMap(new TreeMap<>(factorsByEpochs));
    }

    /** One factor for every schedule (the benchmarks' {@code --trajectory-factor}). */
    public static TrajectoryCalibration constant(double factor) {
        return new TrajectoryCalibration(Map.of(1, factor));
    }

    /**
     * Parses {@code 1=3.16,2=2.37} (epochs=factor pairs) or a single number (one factor for every schedule).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static TrajectoryCalibration parse(String text) {
        String trimmed = text.trim();
        if (!trimmed.contains("=")) {
            return constant(Double.parseDouble(trimmed));
        }
        Map<Integer, Double> factors = new TreeMap<>();
        for (String pair : trimmed.split(",")) {
            String[] parts = pair.trim().split("=");
            if (parts.length != 2) {
                throw new IllegalArgumentException("'" + pair + "' is not epochs=factor");
            }
            factors.put(Integer.parseInt(parts[0].trim()), Double.parseDouble(parts[1].trim()));
        }
        return new TrajectoryCalibration(factors);
    }

    /** The factor for a schedule of {@code epochs}. */
    public double factor(int epochs) {
        int best = -1;
        for (int calibrated : factorsByEpochs.keySet()) {
            if (best < 0 || Math.abs(calibrated - epochs) <= Math.abs(best - epochs)) {
                best = calibrated;
            }
        }
        return factorsByEpochs.get(best);
    }

    /** Whether {@code epochs} were calibrated (or the calibration has one factor for every schedule). */
    public boolean calibrated(int epochs) {
        return factorsByEpochs.size() == 1 || factorsByEpochs.containsKey(epochs);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        factorsByEpochs.forEach((epochs, factor) -> text.append(text.length() == 0 ? "" : ",")
                .append(epochs).append('=').append(String.format(Locale.ROOT, "%s", factor)));
        return text.toString();
    }
}
