package org.affinityensemble.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;
import java.util.Map;

/**
 * A sealed dataset was split and materialised: one JSON-lines object per split in the object store.
 * {@code revision} grows when a dataset id is sealed again with new content; {@code prompt} is the declaration's
 * (absent when it gave none).
 */
@JsonTypeName(DatasetReady.TYPE)
public record DatasetReady(int schemaVersion, String datasetId, int revision, List<String> labels,
        String description, Map<Split, SplitObject> splits, String contentSha256,
        @JsonInclude(JsonInclude.Include.NON_NULL) PromptSpec prompt) implements Event {

    public static final String TYPE = "dataset.ready";
    public static final int SCHEMA_VERSION = 1;

    /** Where one split lives and how many samples it has. */
    public record SplitObject(String bucket, String key, long count) {
    }

    public DatasetReady {
        Versions.require(schemaVersion, SCHEMA_VERSION, TYPE);
        Ids.requireDatasetId(datasetId);
        InvalidEventException.require(labels != null && labels.size() >= 2, "labels are missing");
        InvalidEventException.require(splits != null && !splits.isEmpty(), "splits are missing");
        labels = List.copyOf(labels);
        splits = Map.copyOf(splits);
        if (prompt != null) {
            prompt.requireFits(labels);
        }
    }

    public DatasetReady(String datasetId, int revision, List<String> labels, String description,
            Map<Split, SplitObject> splits, String contentSha256, PromptSpec prompt) {
        this(SCHEMA_VERSION, datasetId, revision, labels, description, splits, contentSha256, prompt);
    }

    public DatasetReady(String datasetId, int revision, List<String> labels, String description,
            Map<Split, SplitObject> splits, String contentSha256) {
        this(datasetId, revision, labels, description, splits, contentSha256, null);
    }

    public long count(Split split) {
        SplitObject object = splits.get(split);
        return object == null ? 0 : object.count();
    }
}
