package org.affinityensemble.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.affinityensemble.training.TaskScore;

/**
 * One column of the accuracy table: how one way of training did on every task's test examples, the adapters it
 * used, and the seconds it spent training them (for the affinity columns also the gradients, the surrogate and the
 * grouping).
 *
 * @param key          the column's name in the {@code acc_<key>=} line
 * @param title        the column's heading
 * @param scores       scores by task, in table order
 * @param adapters     adapters the column predicts with
 * @param trainSeconds wall-clock seconds, see above
 */
public record AccuracyColumn(String key, String title, Map<String, TaskScore> scores, int adapters,
        double trainSeconds) {

    public AccuracyColumn {
        scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
        if (scores.isEmpty()) {
            throw new IllegalArgumentException("a column needs the score of at least one task");
        }
    }

    public double accuracy(String taskId) {
        return score(taskId).testAccuracy();
    }

    /** sqrt(a(1−a)/n) of the task's test accuracy a on n test examples ({@link TaskScore#testStandardError()}). */
    public double standardError(String taskId) {
        return score(taskId).testStandardError();
    }

    /** The mean over tasks of the test accuracy (every task counts once, whatever its test size). */
    public double mean() {
        return mean(scores.values().stream().map(TaskScore::testAccuracy).toList());
    }

    /** The standard error of {@link #mean()}: sqrt(Σ_t se_t²)/T, the tasks' test sets being independent. */
    public double meanStandardError() {
        return meanStandardError(scores.keySet().stream().map(this::standardError).toList());
    }

    private TaskScore score(String taskId) {
        TaskScore score = scores.get(taskId);
        if (score == null) {
            throw new IllegalArgumentException("column " + key + " has no score of " + taskId);
        }
        return score;
    }

    static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** sqrt(Σ se²)/T for T standard errors. */
    static double meanStandardError(List<Double> standardErrors) {
        double squares = standardErrors.stream().mapToDouble(se -> se * se).sum();
        return standardErrors.isEmpty() ? Double.NaN : Math.sqrt(squares) / standardErrors.size();
    }
}
