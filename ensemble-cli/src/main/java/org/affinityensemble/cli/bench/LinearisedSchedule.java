package org.affinityensemble.cli.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.affinityensemble.affinity.domain.Logistic;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.train.TrainingConfig;

/**
 * The trainer's schedule run on a linear model of the log-odds, h(x) = f0(x) + x(x)ᵀc, c the change of the
 * parameters from their start: the training texts in the order the trainer gets them, shuffled each epoch by
 * {@code Random(seed)}, its batches, its mean loss log(1 + exp(−h)) per batch, its learning rate, decoupled weight
 * decay and bias correction, with DJL's β1 = 0.9, β2 = 0.999, ε = 1e-8. The features x(x) are one row per example,
 * each coordinate optionally multiplied by a fixed scale (so that a preconditioned copy need not be held):
 * <ul>
 *   <li>{@link Rule#ADAMW} on the unprojected gradients is the trainer's AdamW on the first-order model;</li>
 *   <li>{@link Rule#MOMENTUM} is AdamW with its second moment held fixed at v: on features g ⊙ v^(-1/4) (the
 *   coordinates ψ = v^(1/4)·θ), Adam's step −lr·m̂/√v in θ is the step −lr·m̂ of bias-corrected momentum in ψ, and
 *   gᵀΔθ = (g ⊙ v^(-1/4))ᵀΔψ. It needs only inner products of the features, which a ±1/√d projection keeps in
 *   expectation, so it can run on projected gradients.</li>
 * </ul>
 * Thread-safe (each run keeps its own state).
 */
final class LinearisedSchedule {

    /** How a step turns the batch gradient into a change of the parameters. */
    enum Rule { ADAMW, MOMENTUM }

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final Map<LabelledText, Integer> rowOf;
    private final double[] f0;
    private final float[][] rows;
    private final float[] scale;
    private final int dim;

    /**
     * @param texts the example of each row
     * @param f0    h at the start, per row
     * @param rows  the features, per row, all of one length
     * @param scale a factor per coordinate, or null for none
     */
    LinearisedSchedule(List<LabelledText> texts, double[] f0, float[][] rows, float[] scale) {
        if (texts.size() != f0.length || texts.size() != rows.length || rows.length == 0) {
            throw new IllegalArgumentException("one f0 and one feature row per text, at least one");
        }
        this.dim = rows[0].length;
        for (float[] row : rows) {
            if (row.length != dim) {
                throw new IllegalArgumentException("feature rows of " + row.length + " and " + dim + " values");
            }
        }
        if (scale != null && scale.length != dim) {
            throw new IllegalArgumentException("a scale of " + scale.length + " values for rows of " + dim);
        }
        this.f0 = f0;
        this.rows = rows;
        this.scale = scale;
        this.rowOf = new HashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            rowOf.put(texts.get(i), i);
        }
    }

    /**
     * The per-task mean validation loss after running the schedule over {@code train}.
     *
     * @param start the parameters at the start in the features' coordinates (weight decay pulls start + c
     *              towards 0), or null for 0
     */
    Map<String, Double> validationLosses(List<LabelledText> train, List<LabelledText> validation,
            TrainingConfig config, Rule rule, double[] start) {
        double[] change = run(train, config, rule, start);
        double[] logOdds = validation.stream().mapToInt(this::row).mapToDouble(row -> logOdds(row, change)).toArray();
        return ValidationLosses.meanLossPerTask(validation, logOdds);
    }

    /** The change c of the parameters after the schedule over {@code train}. */
    double[] run(List<LabelledText> train, TrainingConfig config, Rule rule, double[] start) {
        if (start != null && start.length != dim) {
            throw new IllegalArgumentException("a start of " + start.length + " values for rows of " + dim);
        }
        double[] change = new double[dim];
        double[] m = new double[dim];
        double[] v = rule == Rule.ADAMW ? new double[dim] : null;
        double[] grad = new double[dim];
        Random random = new Random(config.seed());
        List<Integer> order = new ArrayList<>(IntStream.range(0, train.size()).boxed().toList());
        double lr = config.learningRate();
        double decay = lr * config.weightDecay();
        int t = 0;
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            Collections.shuffle(order, random);
            for (int from = 0; from < order.size(); from += config.batchSize()) {
                List<Integer> batch = order.subList(from, Math.min(order.size(), from + config.batchSize()));
                Arrays.fill(grad, 0);
                for (int index : batch) {
                    int row = row(train.get(index));
                    // dℓ/dh of ℓ(h) = log(1 + exp(−h)), averaged over the batch like the trainer's mean loss.
                    double slope = -Logistic.sigmoid(-logOdds(row, change)) / batch.size();
                    float[] x = rows[row];
                    for (int j = 0; j < dim; j++) {
                        grad[j] += slope * feature(x, j);
                    }
                }
                t++;
                double step = lr / (1 - Math.pow(BETA1, t));
                // DJL's form: the bias corrections folded into the step, ε added to the raw √v.
                double adamStep = step * Math.sqrt(1 - Math.pow(BETA2, t));
                for (int j = 0; j < dim; j++) {
                    m[j] = BETA1 * m[j] + (1 - BETA1) * grad[j];
                    change[j] -= decay * ((start == null ? 0 : start[j]) + change[j]);
                    if (v == null) {
                        change[j] -= step * m[j];
                    } else {
                        v[j] = BETA2 * v[j] + (1 - BETA2) * grad[j] * grad[j];
                        change[j] -= adamStep * m[j] / (Math.sqrt(v[j]) + EPSILON);
                    }
                }
            }
        }
        return change;
    }

    private double logOdds(int row, double[] change) {
        float[] x = rows[row];
        double sum = f0[row];
        for (int j = 0; j < dim; j++) {
            if (x[j] != 0f) {
                sum += feature(x, j) * change[j];
            }
        }
        return sum;
    }

    private double feature(float[] x, int j) {
        return scale == null ? x[j] : (double) x[j] * scale[j];
    }

    private int row(LabelledText text) {
        Integer row = rowOf.get(text);
        if (row == null) {
            throw new IllegalArgumentException("no features for an example of " + text.taskId());
        }
        return row;
    }
}
