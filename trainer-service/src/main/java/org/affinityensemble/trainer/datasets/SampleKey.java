package org.affinityensemble.trainer.datasets;

import java.io.Serializable;
import java.util.Objects;

/** The identity of a sample: its dataset and its id within the dataset. */
public class SampleKey implements Serializable {

    public String datasetId;
    public String sampleId;

    public SampleKey() {
    }

    public SampleKey(String datasetId, String sampleId) {
        this.datasetId = datasetId;
        this.sampleId = sampleId;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SampleKey key && datasetId.equals(key.datasetId) && sampleId.equals(key.sampleId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(datasetId, sampleId);
    }
}
