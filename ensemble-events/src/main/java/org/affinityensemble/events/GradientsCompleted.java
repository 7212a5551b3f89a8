package org.affinityensemble.events;

import com.fasterxml.jackson.annotation.JsonTypeName;

/** Every shard of a dataset revision has its projected gradients under {@code projection}. */
@JsonTypeName(GradientsCompleted.TYPE)
public record GradientsCompleted(int schemaVersion, String datasetId, int revision, ProjectionSpec projection,
        int shardCount, long examples) implements Event {

    public static final String TYPE = "gradient.completed";
    public static final int SCHEMA_VERSION = 1;

    public GradientsCompleted {
        Versions.require(schemaVersion, SCHEMA_VERSION, TYPE);
        Ids.requireDatasetId(datasetId);
        InvalidEventException.require(projection != null, "projection is missing");
    }

    public GradientsCompleted(String datasetId, int revision, ProjectionSpec projection, int shardCount,
            long examples) {
        this(SCHEMA_VERSION, datasetId, revision, projection, shardCount, examples);
    }
}
