package org.affinityensemble.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * One labelled example of a declared dataset. {@code split} may be null: the registry then assigns a
 * deterministic seeded stratified split when the dataset is sealed. Checks that need the declaration
 * (is the label known, is the text too long) are the consumer's.
 */
@JsonTypeName(SampleRecord.TYPE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SampleRecord(int schemaVersion, String datasetId, String sampleId, Split split, String text,
        String label) implements DatasetEvent {

    public static final String TYPE = "dataset.sample";
    public static final int SCHEMA_VERSION = 1;

    public SampleRecord {
        Versions.require(schemaVersion, SCHEMA_VERSION, TYPE);
        Ids.requireDatasetId(datasetId);
        Ids.requireSampleId(sampleId);
        InvalidEventException.require(text != null && !text.isBlank(), "text is empty");
        InvalidEventException.requireId(label, "label");
    }

    public SampleRecord(String datasetId, String sampleId, Split split, String text, String label) {
        this(SCHEMA_VERSION, datasetId, sampleId, split, text, label);
    }
}
