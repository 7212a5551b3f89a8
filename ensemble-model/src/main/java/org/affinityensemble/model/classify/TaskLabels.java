package org.affinityensemble.model.classify;

import java.util.List;
import org.affinityensemble.events.PromptSpec;

/**
 * A task, the names of its labels in label-index order (what an encoder's label prototypes embed), and its prompt
 * for decoder LMs (template and label words; null: {@link PromptSpec#defaults()}).
 */
public record TaskLabels(String taskId, List<String> labelNames, PromptSpec prompt) {

    public TaskLabels {
        if (taskId == null || labelNames == null || labelNames.size() < 2) {
            throw new IllegalArgumentException("a task needs an id and at least two labels");
        }
        labelNames = List.copyOf(labelNames);
        if (prompt != null) {
            prompt.requireFits(labelNames);
        }
    }

    public TaskLabels(String taskId, List<String> labelNames) {
        this(taskId, labelNames, null);
    }

    /** The declared prompt, or the defaults. */
    public PromptSpec promptOrDefault() {
        return prompt == null ? PromptSpec.defaults() : prompt;
    }
}
