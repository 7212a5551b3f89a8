package org.affinityensemble.bench;

import org.affinityensemble.model.classify.LabelledText;

/**
 * One example of the benchmark: its stable sample id (the surrogate orders examples by it), the labelled text
 * the model sees, and whether it is a validation example (otherwise a training example).
 */
public record BenchmarkExample(String sampleId, LabelledText text, boolean validation) {

    public String taskId() {
        return text.taskId();
    }
}
