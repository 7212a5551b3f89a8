package org.affinityensemble.training.run;

import java.util.List;

/**
 * Where one task's materialised splits are (object keys in the run's bucket, written by the dataset registry)
 * and what its labels are; {@code testKey} may be null.
 */
public record TaskSource(String taskId, int revision, List<String> labels, String trainKey, String validationKey,
        String testKey) {

    public TaskSource {
        labels = List.copyOf(labels);
    }
}
