package org.affinityensemble.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.infer.ClassifierLogits;
import org.affinityensemble.model.infer.Softmax;
import org.affinityensemble.model.probe.LinearProbe;
import org.affinityensemble.model.task.TaskClassifier;

/**
 * The two baselines without any adapter that a served ensemble must beat, on the same splits as the adapters (the
 * accuracy benchmark's columns, and every build of the trainer-service, issue #19):
 * <ul>
 * <li>zero-shot: the task's classifier with the frozen model (what every column starts from at θ0, and f0 of
 * the affinity gradients at θ0);</li>
 * <li>linear probe: per task, L2 logistic regression ({@link LinearProbe}) on the frozen model's features of the
 * training examples (an encoder's sentence embeddings, a decoder's answer-position hidden states; the classifier's
 * maximum length), C chosen on the validation examples from {@link LinearProbe#DEFAULT_GRID}.</li>
 * </ul>
 */
public final class Baselines {

    private Baselines() {
    }

    /** Both baselines of every task, by task id (in the tasks' order). */
    public record Scores(Map<String, TaskBaselines> byTask) {

        public Map<String, TaskScore> zeroShot() {
            Map<String, TaskScore> out = new LinkedHashMap<>();
            byTask.forEach((task, baselines) -> out.put(task, baselines.zeroShot()));
            return out;
        }

        public Map<String, TaskScore> probe() {
            Map<String, TaskScore> out = new LinkedHashMap<>();
            byTask.forEach((task, baselines) -> out.put(task, baselines.probe()));
            return out;
        }

        public Map<String, Double> chosenC() {
            Map<String, Double> out = new LinkedHashMap<>();
            byTask.forEach((task, baselines) -> out.put(task, baselines.chosenC()));
            return out;
        }

        /** A task's baselines; the probe member's source for {@link EnsembleProcedure}. */
        public TaskBaselines of(TaskData task) {
            TaskBaselines baselines = byTask.get(task.taskId());
            if (baselines == null) {
                throw new IllegalArgumentException("no baselines for task " + task.taskId());
            }
            return baselines;
        }
    }

    /**
     * Both baselines of one task, the fitted probe (its C chosen on validation), and the probe's log-probabilities
     * on the validation and test examples (for mixing it with an ensemble, {@link ProbeMixture}).
     */
    public record TaskBaselines(TaskScore zeroShot, TaskScore probe, LinearProbe fitted, double[][] probeValidation,
            double[][] probeTest) {

        public double chosenC() {
            return fitted.c();
        }
    }

    /** Both baselines of every task, by task. */
    public static Scores compute(TaskClassifiers classifiers, int maxLength, List<TaskData> tasks) {
        Map<String, TaskBaselines> byTask = new LinkedHashMap<>();
        for (TaskData task : tasks) {
            byTask.put(task.taskId(), of(classifiers, maxLength, task));
        }
        return new Scores(byTask);
    }

    /**
     * Both baselines of one task: the zero-shot logits of the task's classifier with the frozen model, and the probe
     * fitted on the frozen model's features ({@link TaskClassifier#features}) of the same examples.
     */
    public static TaskBaselines of(TaskClassifiers classifiers, int maxLength, TaskData task) {
        TaskClassifier classifier = classifiers.forTask(task.taskLabels()).withMaxLength(maxLength);
        ClassifierLogits frozen = new ClassifierLogits(classifier);
        int[] validationLabels = AdapterLogits.labels(task.validation());
        int[] testLabels = AdapterLogits.labels(task.test());
        double[][] zeroValidation = AdapterLogits.widened(frozen.base(taskIds(task.validation()),
                texts(task.validation())));
        double zeroValidationAccuracy = Softmax.accuracy(zeroValidation, validationLabels);
        double zeroTest = task.test().isEmpty() ? Double.NaN
                : Softmax.accuracy(AdapterLogits.widened(frozen.base(taskIds(task.test()), texts(task.test()))),
                        testLabels);
        TaskScore zeroShot = new TaskScore(zeroValidationAccuracy,
                Softmax.meanCrossEntropy(zeroValidation, validationLabels), zeroTest, zeroValidationAccuracy,
                task.validation().size(), task.test().size());
        float[][] train = features(classifier, task.train());
        float[][] validation = features(classifier, task.validation());
        float[][] test = task.test().isEmpty() ? new float[0][] : features(classifier, task.test());
        LinearProbe fitted = LinearProbe.fit(train, AdapterLogits.labels(task.train()), validation,
                validationLabels, task.labels().size(), LinearProbe.DEFAULT_GRID);
        double probeTest = test.length == 0 ? Double.NaN : LinearProbe.accuracy(fitted.predict(test), testLabels);
        TaskScore probe = new TaskScore(fitted.validationAccuracy(), Double.NaN, probeTest, zeroValidationAccuracy,
                task.validation().size(), task.test().size());
        return new TaskBaselines(zeroShot, probe, fitted,
                fitted.logProbabilities(validation, task.labels().size()),
                fitted.logProbabilities(test, task.labels().size()));
    }

    private static float[][] features(TaskClassifier classifier, List<LabelledText> examples) {
        return classifier.features(taskIds(examples), texts(examples));
    }

    private static List<String> taskIds(List<LabelledText> examples) {
        return examples.stream().map(LabelledText::taskId).toList();
    }

    private static List<String> texts(List<LabelledText> examples) {
        return examples.stream().map(LabelledText::text).toList();
    }

    public static String chosenText(Map<String, Double> chosen) {
        StringBuilder text = new StringBuilder();
        chosen.forEach((task, c) -> text.append(text.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s C=%s", task, c)));
        return text.toString();
    }
}
