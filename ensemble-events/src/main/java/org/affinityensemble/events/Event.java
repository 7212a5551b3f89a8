package org.affinityensemble.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A message of the system. Each one carries the version of its JSON schema; a consumer rejects a version it
 * does not know (to the dead-letter topic) instead of guessing.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = DatasetDeclared.class, name = DatasetDeclared.TYPE),
        @JsonSubTypes.Type(value = SampleRecord.class, name = SampleRecord.TYPE),
        @JsonSubTypes.Type(value = DatasetSealed.class, name = DatasetSealed.TYPE),
        @JsonSubTypes.Type(value = DatasetReady.class, name = DatasetReady.TYPE),
        @JsonSubTypes.Type(value = GradientRequest.class, name = GradientRequest.TYPE),
        @JsonSubTypes.Type(value = GradientBatch.class, name = GradientBatch.TYPE),
        @JsonSubTypes.Type(value = GradientsCompleted.class, name = GradientsCompleted.TYPE),
        @JsonSubTypes.Type(value = AffinityUpdated.class, name = AffinityUpdated.TYPE),
        @JsonSubTypes.Type(value = GroupingUpdated.class, name = GroupingUpdated.TYPE),
        @JsonSubTypes.Type(value = TrainingResult.class, name = TrainingResult.TYPE),
        @JsonSubTypes.Type(value = EnsemblePublished.class, name = EnsemblePublished.TYPE)
})
public interface Event {

    /** The schema version of this message's type. */
    int schemaVersion();
}
