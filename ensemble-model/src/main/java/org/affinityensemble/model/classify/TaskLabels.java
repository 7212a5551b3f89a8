package org.affinityensemble.model.classify;

import java.util.List;

/** A task and the names of its labels, in label-index order; the names are what the label prototypes embed. */
public record TaskLabels(String taskId, List<String> labelNames) {

    public TaskLabels {
        if (taskId == null || labelNames == null || labelNames.size() < 2) {
            throw new IllegalArgumentException("a task needs an id and at least two labels");
        }
        labelNames = List.copyOf(labelNames);
    }
}
