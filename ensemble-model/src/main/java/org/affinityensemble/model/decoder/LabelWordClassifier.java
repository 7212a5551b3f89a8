package org.affinityensemble.model.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.encoder.TokenBatch;
import org.affinityensemble.model.lora.LinearAdaptation;
import org.affinityensemble.model.lora.LoraLayout;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.runtime.HostArrays;
import org.affinityensemble.model.task.TaskClassifier;

/**
 * The paper's classifier for decoder LMs: an example of task t is rendered through t's template, the LM reads the
 * prompt, and label l is scored by the next-token logit of its label token at the answer position (the prompt's
 * last token); see {@link LabelWordScores} for h(x) and the loss, {@link TaskPrompt} for the label-token rule. Every
 * task goes through the same LoRA parameters; examples of several tasks may share a batch. Thread-safe.
 */
public final class LabelWordClassifier implements TaskClassifier {

    private static final int FEATURE_CHUNK = 16;

    private final DecoderBase base;
    private final Map<String, TaskPrompt> tasks;
    private final int maxLength;

    public LabelWordClassifier(DecoderBase base, List<TaskPrompt> tasks, int maxLength) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must be at least 2");
        }
        this.base = base;
        this.tasks = new LinkedHashMap<>();
        for (TaskPrompt task : tasks) {
            for (long token : task.labelTokens()) {
                if (token < 0 || token >= base.config().vocabSize()) {
                    throw new IllegalArgumentException("task " + task.taskId() + ": label token " + token
                            + " is outside the vocabulary");
                }
            }
            if (this.tasks.put(task.taskId(), task) != null) {
                throw new IllegalArgumentException("task " + task.taskId() + " is given twice");
            }
        }
        this.maxLength = maxLength;
    }

    public DecoderBase base() {
        return base;
    }

    public TaskPrompt task(String taskId) {
        TaskPrompt task = tasks.get(taskId);
        if (task == null) {
            throw new IllegalArgumentException("unknown task " + taskId);
        }
        return task;
    }

    @Override
    public LabelWordClassifier withMaxLength(int length) {
        return length == maxLength ? this : new LabelWordClassifier(base, List.copyOf(tasks.values()), length);
    }

    @Override
    public List<String> taskIds() {
        return List.copyOf(tasks.keySet());
    }

    @Override
    public String modelId() {
        return base.modelId();
    }

    @Override
    public DataType loraType() {
        return base.model().computeType();
    }

    @Override
    public LoraLayout layout(LoraSpec spec) {
        return DecoderBase.layout(base.config(), spec);
    }

    @Override
    public TokenBatch tokenize(List<String> taskIds, List<String> texts) {
        if (taskIds.size() != texts.size()) {
            throw new IllegalArgumentException(taskIds.size() + " task ids for " + texts.size() + " texts");
        }
        List<long[]> rows = new ArrayList<>(texts.size());
        for (int n = 0; n < texts.size(); n++) {
            rows.add(base.tokenizer().encodePrompt(task(taskIds.get(n)).template(), texts.get(n), maxLength));
        }
        return PromptTokenizer.rightPadded(rows);
    }

    @Override
    public float[][] features(List<String> taskIds, List<String> texts) {
        List<float[]> rows = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += FEATURE_CHUNK) {
            int to = Math.min(texts.size(), from + FEATURE_CHUNK);
            try (NDManager scope = DjlRuntime.newManager()) {
                rows.addAll(List.of(HostArrays.rows(base.model().answerStates(scope,
                        tokenize(taskIds.subList(from, to), texts.subList(from, to)), LinearAdaptation.BASE))));
            }
        }
        return rows.toArray(float[][]::new);
    }

    @Override
    public LabelWordScores score(NDManager scope, List<String> taskIds, TokenBatch tokens,
            LinearAdaptation adaptation) {
        if (taskIds.size() != tokens.rows()) {
            throw new IllegalArgumentException(taskIds.size() + " task ids for " + tokens.rows() + " prompts");
        }
        long[][] labelTokens = new long[taskIds.size()][];
        for (int n = 0; n < labelTokens.length; n++) {
            labelTokens[n] = task(taskIds.get(n)).labelTokens();
        }
        NDArray logits = base.model().answerLogits(scope, tokens, adaptation);
        return new LabelWordScores(logits, labelTokens);
    }
}
