package org.affinityensemble.cli.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.encoder.BaseModel;
import org.affinityensemble.model.probe.LinearProbe;
import org.affinityensemble.trainer.training.AdapterLogits;
import org.affinityensemble.trainer.training.Softmax;
import org.affinityensemble.trainer.training.TaskClassifiers;
import org.affinityensemble.trainer.training.TaskData;
import org.affinityensemble.trainer.training.TaskScore;

/**
 * The accuracy benchmark's two baselines without any adapter, on the same splits as the trained columns:
 * <ul>
 * <li>zero-shot: the prototype classifier with the frozen model (what every column starts from at θ0, and f0 of
 * the affinity gradients at θ0);</li>
 * <li>linear probe: per task, L2 logistic regression ({@link LinearProbe}) on the frozen model's sentence
 * embeddings (masked mean pooling, L2-normalised, the classifier's maximum length) of the training examples, C
 * chosen on the validation examples from {@link LinearProbe#DEFAULT_GRID}.</li>
 * </ul>
 */
public final class AccuracyBaselines {

    private AccuracyBaselines() {
    }

    /** The zero-shot scores of every task (validation and test accuracy and loss of the frozen classifier). */
    public static Map<String, TaskScore> zeroShot(TaskClassifiers classifiers, List<TaskData> tasks) {
        AdapterLogits logits = new AdapterLogits(classifiers);
        Map<String, TaskScore> scores = new LinkedHashMap<>();
        for (TaskData task : tasks) {
            double[][] validation = AdapterLogits.widened(logits.of(task.taskLabels(), task.validation(), null));
            double[][] test = AdapterLogits.widened(logits.of(task.taskLabels(), task.test(), null));
            int[] validationLabels = AdapterLogits.labels(task.validation());
            double validationAccuracy = Softmax.accuracy(validation, validationLabels);
            scores.put(task.taskId(), new TaskScore(validationAccuracy,
                    Softmax.meanCrossEntropy(validation, validationLabels),
                    Softmax.accuracy(test, AdapterLogits.labels(task.test())), validationAccuracy,
                    task.validation().size(), task.test().size()));
        }
        return scores;
    }

    /**
     * The probe's scores of every task (validation accuracy at the chosen C, test accuracy; no loss: NaN); the C
     * chosen for each task goes to {@code chosen}.
     */
    public static Map<String, TaskScore> probe(BaseModel model, int maxLength, List<TaskData> tasks,
            Map<String, TaskScore> zeroShot, Map<String, Double> chosen) {
        Map<String, TaskScore> scores = new LinkedHashMap<>();
        for (TaskData task : tasks) {
            LinearProbe probe = LinearProbe.fit(embed(model, task.train(), maxLength),
                    AdapterLogits.labels(task.train()), embed(model, task.validation(), maxLength),
                    AdapterLogits.labels(task.validation()), task.labels().size(), LinearProbe.DEFAULT_GRID);
            double test = LinearProbe.accuracy(probe.predict(embed(model, task.test(), maxLength)),
                    AdapterLogits.labels(task.test()));
            chosen.put(task.taskId(), probe.c());
            TaskScore zero = zeroShot.get(task.taskId());
            scores.put(task.taskId(), new TaskScore(probe.validationAccuracy(), Double.NaN, test,
                    zero == null ? Double.NaN : zero.zeroShotValidationAccuracy(), task.validation().size(),
                    task.test().size()));
        }
        return scores;
    }

    private static float[][] embed(BaseModel model, List<LabelledText> examples, int maxLength) {
        return model.embed(examples.stream().map(LabelledText::text).toList(), maxLength);
    }

    static String chosenText(Map<String, Double> chosen) {
        StringBuilder text = new StringBuilder();
        chosen.forEach((task, c) -> text.append(text.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s C=%s", task, c)));
        return text.toString();
    }
}
