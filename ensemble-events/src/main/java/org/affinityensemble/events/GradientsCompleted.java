package org.affinityensemble.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * Every shard of a dataset revision has its projected gradients under {@code projection}; {@code schedule} is the
 * trainer's schedule from the requests (absent in events from before it was carried: {@link TrainingSchedule#DEFAULTS}).
 */
@JsonTypeName(GradientsCompleted.TYPE)
public record GradientsCompleted(int schemaVersion, String datasetId, int revision, ProjectionSpec projection,
        int shardCount, long examples, @JsonInclude(JsonInclude.Include.NON_NULL) TrainingSchedule schedule)
        implements Event {

    public static final String TYPE = "gradient.completed";
    public static final int SCHEMA_VERSION = 1;

    public GradientsCompleted {
        Versions.require(schemaVersion, SCHEMA_VERSION, TYPE);
        Ids.requireDatasetId(datasetId);
        InvalidEventException.require(projection != null, "projection is missing");
    }

    public GradientsCompleted(String datasetId, int revision, ProjectionSpec projection, int shardCount,
            long examples, TrainingSchedule schedule) {
        this(SCHEMA_VERSION, datasetId, revision, projection, shardCount, examples, schedule);
    }

    /** With the default schedule. */
    public GradientsCompleted(String datasetId, int revision, ProjectionSpec projection, int shardCount,
            long examples) {
        this(datasetId, revision, projection, shardCount, examples, null);
    }
}
