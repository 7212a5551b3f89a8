package org.affinityensemble.quarkus;

import java.io.Serializable;
import java.util.Objects;

/**
 * The primary key of what is versioned per projection ({@code @IdClass} of the affinity service's matrix versions
 * and the cluster service's grouping versions): the projection id and the version number.
 */
public class ProjectionVersionKey implements Serializable {

    private static final long serialVersionUID = 1L;

    public String projectionId;
    public long version;

    public ProjectionVersionKey() {
    }

    public ProjectionVersionKey(String projectionId, long version) {
        this.projectionId = projectionId;
        this.version = version;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProjectionVersionKey k && Objects.equals(projectionId, k.projectionId)
                && version == k.version;
    }

    @Override
    public int hashCode() {
        return Objects.hash(projectionId, version);
    }
}
