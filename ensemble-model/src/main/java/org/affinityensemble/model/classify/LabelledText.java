package org.affinityensemble.model.classify;

/** One example: its task, its text and the index of its correct label among the task's labels. */
public record LabelledText(String taskId, String text, int label) {

    public LabelledText {
        if (taskId == null || text == null || label < 0) {
            throw new IllegalArgumentException("an example needs a task, a text and a label index >= 0");
        }
    }
}
