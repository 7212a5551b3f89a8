package org.affinityensemble.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.encoder.BaseModel;
import org.affinityensemble.model.probe.LinearProbe;
import org.affinityensemble.model.infer.Softmax;

/**
 * The two baselines without any adapter that a served ensemble must beat, on the same splits as the adapters (the
 * accuracy benchmark's columns, and every build of the trainer-service, issue #19):
 * <ul>
 * <li>zero-shot: the prototype classifier with the frozen model (what every column starts from at θ0, and f0 of
 * the affinity gradients at θ0);</li>
 * <li>linear probe: per task, L2 logistic regression ({@link LinearProbe}) on the frozen model's sentence
 * embeddings (masked mean pooling, L2-normalised, the classifier's maximum length) of the training examples, C
 * chosen on the validation examples from {@link LinearProbe#DEFAULT_GRID}.</li>
 * </ul>
 */
public final class Baselines {

    private Baselines() {
    }

    /** Both baselines' scores by task. */
    public record Scores(Map<String, TaskScore> zeroShot, Map<String, TaskScore> probe, Map<String, Double> chosenC) {
    }

    /** Both baselines of one task, and the probe's C chosen on validation. */
    public record TaskBaselines(TaskScore zeroShot, TaskScore probe, double chosenC) {
    }

    /**
     * Both baselines from one pass of the frozen encoder over every task's examples: the zero-shot logits are
     * s·cos(e(x), e_l) of those sentence embeddings and the classifier's label prototypes (what the prototype
     * classifier computes with the frozen model), the probe is fitted on the same embeddings.
     */
    public static Scores compute(TaskClassifiers classifiers, int maxLength, double scale, List<TaskData> tasks) {
        Map<String, TaskScore> zeroShot = new LinkedHashMap<>();
        Map<String, TaskScore> probe = new LinkedHashMap<>();
        Map<String, Double> chosen = new LinkedHashMap<>();
        for (TaskData task : tasks) {
            TaskBaselines baselines = of(classifiers, maxLength, scale, task);
            zeroShot.put(task.taskId(), baselines.zeroShot());
            probe.put(task.taskId(), baselines.probe());
            chosen.put(task.taskId(), baselines.chosenC());
        }
        return new Scores(zeroShot, probe, chosen);
    }

    /** Both baselines of one task from one pass of the frozen encoder over its examples. */
    public static TaskBaselines of(TaskClassifiers classifiers, int maxLength, double scale, TaskData task) {
        BaseModel model = classifiers.model();
        float[][] prototypes = classifiers.forTask(task.taskLabels()).prototypes().of(task.taskId());
        float[][] train = embed(model, task.train(), maxLength);
        float[][] validation = embed(model, task.validation(), maxLength);
        float[][] test = task.test().isEmpty() ? new float[0][] : embed(model, task.test(), maxLength);
        int[] validationLabels = AdapterLogits.labels(task.validation());
        int[] testLabels = AdapterLogits.labels(task.test());
        double[][] zeroValidation = logits(validation, prototypes, scale);
        double zeroValidationAccuracy = Softmax.accuracy(zeroValidation, validationLabels);
        double zeroTest = test.length == 0 ? Double.NaN : Softmax.accuracy(logits(test, prototypes, scale), testLabels);
        TaskScore zeroShot = new TaskScore(zeroValidationAccuracy,
                Softmax.meanCrossEntropy(zeroValidation, validationLabels), zeroTest, zeroValidationAccuracy,
                task.validation().size(), task.test().size());
        LinearProbe fitted = LinearProbe.fit(train, AdapterLogits.labels(task.train()), validation,
                validationLabels, task.labels().size(), LinearProbe.DEFAULT_GRID);
        double probeTest = test.length == 0 ? Double.NaN : LinearProbe.accuracy(fitted.predict(test), testLabels);
        TaskScore probe = new TaskScore(fitted.validationAccuracy(), Double.NaN, probeTest, zeroValidationAccuracy,
                task.validation().size(), task.test().size());
        return new TaskBaselines(zeroShot, probe, fitted.c());
    }

    /** s·⟨e(x), e_l⟩ for unit-length embeddings and prototypes: the zero-shot logits. */
    public static double[][] logits(float[][] embeddings, float[][] prototypes, double scale) {
        double[][] out = new double[embeddings.length][prototypes.length];
        for (int i = 0; i < embeddings.length; i++) {
            for (int l = 0; l < prototypes.length; l++) {
                double dot = 0;
                for (int j = 0; j < prototypes[l].length; j++) {
                    dot += (double) embeddings[i][j] * prototypes[l][j];
                }
                out[i][l] = scale * dot;
            }
        }
        return out;
    }

    private static float[][] embed(BaseModel model, List<LabelledText> examples, int maxLength) {
        return model.embed(examples.stream().map(LabelledText::text).toList(), maxLength);
    }

    public static String chosenText(Map<String, Double> chosen) {
        StringBuilder text = new StringBuilder();
        chosen.forEach((task, c) -> text.append(text.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s C=%s", task, c)));
        return text.toString();
    }
}
