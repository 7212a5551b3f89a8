package org.affinityensemble.affinity;

import java.util.List;
import org.affinityensemble.events.GradientBatch;
import org.affinityensemble.events.Split;

/**
 * Turns a {@link GradientBatch} message into surrogate inputs. Only training and validation examples take part
 * in affinity estimation; test examples (and any without a split) are left out.
 */
public final class GradientBatchExamples {

    private GradientBatchExamples() {
    }

    /** The batch's training and validation examples as {@link TaskExample}s of task {@code batch.datasetId()}. */
    public static List<TaskExample> of(GradientBatch batch) {
        return batch.examples().stream()
                .filter(example -> example.split() == Split.TRAIN || example.split() == Split.VALIDATION)
                .map(example -> new TaskExample(batch.datasetId(), example.sampleId(),
                        example.split() == Split.VALIDATION, example.f0(), example.vector()))
                .toList();
    }
}
