package org.affinityensemble.model.task;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.encoder.TokenBatch;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.LoraTerms;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.runtime.HostArrays;

/**
 * One plain SGD step of LoRA training for any {@link TaskClassifier}: the mean cross-entropy of a batch, one backward
 * pass over ONE set of shared leaves, θ ← θ − lr·∇. The minimal training loop for decoders and the baseline the
 * per-example gradients are timed against (the services' trainer, with Adam, early stopping and the non-finite
 * guard of ADR 0015, is to be ported onto {@link TaskClassifier} at integration). A step whose loss or gradient is
 * not finite leaves the adapter unchanged ({@link Result#skipped()}).
 */
public final class TaskTrainingStep {

    /** The adapter after the step, the batch's mean loss before it, and whether the step was skipped. */
    public record Result(LoraAdapter adapter, double loss, boolean skipped) {
    }

    private final TaskClassifier classifier;

    public TaskTrainingStep(TaskClassifier classifier) {
        this.classifier = classifier;
    }

    public Result step(LoraAdapter adapter, List<LabelledText> batch, double learningRate) {
        TokenBatch tokens = classifier.tokenize(batch.stream().map(LabelledText::taskId).toList(),
                batch.stream().map(LabelledText::text).toList());
        int[] labels = batch.stream().mapToInt(LabelledText::label).toArray();
        ReentrantLock lock = DjlRuntime.autogradLock();
        try (NDManager scope = DjlRuntime.newManager()) {
            LoraTerms leaves = LoraTerms.trainable(adapter, scope, classifier.loraType(), false);
            NDArray loss;
            lock.lock();
            try (GradientCollector collector = DjlRuntime.engine().newGradientCollector()) {
                loss = classifier.score(scope, batch.stream().map(LabelledText::taskId).toList(), tokens, leaves)
                        .crossEntropy(labels).mean();
                collector.backward(loss);
            } finally {
                lock.unlock();
            }
            NDArray gradient = leaves.gradients();
            double lossValue = HostArrays.doubles(loss)[0];
            if (!Double.isFinite(lossValue) || !HostArrays.allFinite(gradient)) {
                return new Result(adapter, lossValue, true);
            }
            float[] g = HostArrays.rows(gradient.reshape(1, -1))[0];
            float[] parameters = adapter.parameters();
            for (int i = 0; i < parameters.length; i++) {
                parameters[i] -= (float) (learningRate * g[i]);
            }
            return new Result(adapter.withParameters(parameters), lossValue, false);
        }
    }
}
