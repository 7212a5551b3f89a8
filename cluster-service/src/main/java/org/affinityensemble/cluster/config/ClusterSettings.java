package org.affinityensemble.cluster.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.OptionalInt;
import org.affinityensemble.grouping.GroupCountRule;

/** How tasks are grouped ({@code ensemble.cluster.*}). */
@ConfigMapping(prefix = "ensemble.cluster")
public interface ClusterSettings {

    /** How m is chosen when {@link #groups()} does not fix it (docs/adr/0031-zero-diagonal-and-noise-calibrated-group-count.md). */
    enum CountRule {
        /** A group forms only if its value beats its own estimated noise by z standard deviations (the default). */
        NOISE_CALIBRATED,
        /** The linear trace penalty ⟨T,X⟩ − μ·tr X with μ = {@link #groupPenalty()}. */
        TRACE_PENALTY
    }

    /** A fixed number of groups m (tr X = m); absent: {@link #countRule()} picks m. */
    OptionalInt groups();

    @WithDefault("noise-calibrated")
    CountRule countRule();

    /** z of the noise-calibrated rule. */
    @WithDefault("2.0")
    double noiseZ();

    /** μ of the trace-penalty rule (see docs/clustering.md). */
    @WithDefault("0.0")
    double groupPenalty();

    /** The rule as the planner takes it. */
    default GroupCountRule groupCountRule() {
        return switch (countRule()) {
            case NOISE_CALIBRATED -> new GroupCountRule.NoiseCalibrated(noiseZ());
            case TRACE_PENALTY -> new GroupCountRule.TracePenalty(groupPenalty());
        };
    }

    @WithDefault("42")
    long seed();
}
