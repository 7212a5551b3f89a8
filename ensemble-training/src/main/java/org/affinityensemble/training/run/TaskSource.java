package org.affinityensemble.training.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.affinityensemble.events.PromptSpec;

/**
 * Where one task's materialised splits are (object keys in the run's bucket, written by the dataset registry),
 * what its labels are and its declared prompt for decoder LMs (null: the defaults); {@code testKey} may be null.
 */
public record TaskSource(String taskId, int revision, List<String> labels, String trainKey, String validationKey,
        String testKey, @JsonInclude(JsonInclude.Include.NON_NULL) PromptSpec prompt) {

    public TaskSource {
        labels = List.copyOf(labels);
    }

    public TaskSource(String taskId, int revision, List<String> labels, String trainKey, String validationKey,
            String testKey) {
        this(taskId, revision, labels, trainKey, validationKey, testKey, null);
    }
}
