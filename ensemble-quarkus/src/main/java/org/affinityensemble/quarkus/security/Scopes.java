package org.affinityensemble.quarkus.security;

import java.util.Set;

/**
 * The scopes a caller may hold; each is a Quarkus role, checked by the HTTP permissions every service shares
 * ({@code ensemble-quarkus}'s {@code microprofile-config.properties}).
 */
public final class Scopes {

    /** GETs of the pipeline's state: datasets, gradients, affinity, groupings, builds, models, the dashboard. */
    public static final String READ = "read";

    /** {@code POST /v1/classify}. */
    public static final String CLASSIFY = "classify";

    /** Every other write (POST, PUT, PATCH, DELETE). */
    public static final String OPERATE = "operate";

    /** What the single-host API key grants. */
    public static final Set<String> ALL = Set.of(READ, CLASSIFY, OPERATE);

    private Scopes() {
    }
}
