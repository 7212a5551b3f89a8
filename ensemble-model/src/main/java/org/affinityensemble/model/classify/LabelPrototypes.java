package org.affinityensemble.model.classify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.affinityensemble.model.encoder.BaseModel;

/**
 * Per task, the L2-normalised embeddings e_l of its label names by the FROZEN base encoder (LoRA off; see ADR
 * 0010). They are constants: no gradient flows into them, and they are the same for every adapter. Immutable.
 */
public final class LabelPrototypes {

    private final Map<String, float[][]> byTask;

    private LabelPrototypes(Map<String, float[][]> byTask) {
        this.byTask = byTask;
    }

    /** Embeds every task's label names with the frozen base model. */
    public static LabelPrototypes embed(BaseModel model, List<TaskLabels> tasks, int maxLength) {
        Map<String, float[][]> byTask = new LinkedHashMap<>();
        for (TaskLabels task : tasks) {
            byTask.put(task.taskId(), model.embed(task.labelNames(), maxLength));
        }
        return new LabelPrototypes(byTask);
    }

    public Set<String> taskIds() {
        return byTask.keySet();
    }

    public int labelCount(String taskId) {
        return require(taskId).length;
    }

    /** The prototypes of a task, [labels][hidden] (a copy). */
    public float[][] of(String taskId) {
        float[][] prototypes = require(taskId);
        float[][] copy = new float[prototypes.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = prototypes[i].clone();
        }
        return copy;
    }

    float[][] view(String taskId) {
        return require(taskId);
    }

    private float[][] require(String taskId) {
        float[][] prototypes = byTask.get(taskId);
        if (prototypes == null) {
            throw new IllegalArgumentException("no label prototypes for task '" + taskId + "'");
        }
        return prototypes;
    }
}
