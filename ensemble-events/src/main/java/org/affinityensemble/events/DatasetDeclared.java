package org.affinityensemble.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.HashSet;
import java.util.List;

/**
 * Declares a dataset (a task): its id, its label names (in order), an optional description and an optional
 * {@link PromptSpec} (template and label words, for decoder LMs; encoders ignore it).
 */
@JsonTypeName(DatasetDeclared.TYPE)
public record DatasetDeclared(int schemaVersion, String datasetId, List<String> labels, String description,
        @JsonInclude(JsonInclude.Include.NON_NULL) PromptSpec prompt) implements DatasetEvent {

    public static final String TYPE = "dataset.declared";
    public static final int SCHEMA_VERSION = 1;
    public static final int MAX_LABELS = 256;
    public static final int MAX_LABEL_LENGTH = 100;

    public DatasetDeclared {
        Versions.require(schemaVersion, SCHEMA_VERSION, TYPE);
        Ids.requireDatasetId(datasetId);
        InvalidEventException.require(labels != null && labels.size() >= 2,
                "a dataset needs at least two labels");
        InvalidEventException.require(labels.size() <= MAX_LABELS, "more than " + MAX_LABELS + " labels");
        InvalidEventException.require(labels.stream().allMatch(l -> l != null && !l.isBlank()
                && l.length() <= MAX_LABEL_LENGTH), "labels must be non-empty and at most "
                + MAX_LABEL_LENGTH + " characters");
        InvalidEventException.require(new HashSet<>(labels).size() == labels.size(), "labels repeat");
        labels = List.copyOf(labels);
        description = description == null ? "" : description;
        if (prompt != null) {
            prompt.requireFits(labels);
        }
    }

    public DatasetDeclared(String datasetId, List<String> labels, String description, PromptSpec prompt) {
        this(SCHEMA_VERSION, datasetId, labels, description, prompt);
    }

    public DatasetDeclared(String datasetId, List<String> labels, String description) {
        this(datasetId, labels, description, null);
    }
}
