package org.affinityensemble.events;

import com.fasterxml.jackson.annotation.JsonTypeName;

/** The producer has sent all {@code sampleCount} samples of the dataset. */
@JsonTypeName(DatasetSealed.TYPE)
public record DatasetSealed(int schemaVersion, String datasetId, long sampleCount) implements DatasetEvent {

    public static final String TYPE = "dataset.sealed";
    public static final int SCHEMA_VERSION = 1;

    public DatasetSealed {
        Versions.require(schemaVersion, SCHEMA_VERSION, TYPE);
        Ids.requireDatasetId(datasetId);
        InvalidEventException.require(sampleCount >= 0, "sampleCount is negative");
    }

    public DatasetSealed(String datasetId, long sampleCount) {
        this(SCHEMA_VERSION, datasetId, sampleCount);
    }
}
