package org.affinityensemble.training.run;

import org.affinityensemble.model.classify.LabelledText;

/** A materialised sample: its id in the dataset and the example the model sees. */
public record StoredExample(String sampleId, LabelledText example) {
}
