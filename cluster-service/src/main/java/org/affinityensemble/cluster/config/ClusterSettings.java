package org.affinityensemble.cluster.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.OptionalInt;

/** How tasks are grouped ({@code ensemble.cluster.*}). */
@ConfigMapping(prefix = "ensemble.cluster")
public interface ClusterSettings {

    /** A fixed number of groups m (tr X = m); absent: the trace penalty picks m. */
    OptionalInt groups();

    /** μ of the trace penalty ⟨T,X⟩ − μ·tr X (see docs/clustering.md). */
    @WithDefault("0.0")
    double groupPenalty();

    @WithDefault("42")
    long seed();
}
