package org.affinityensemble.affinity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * A training schedule run on a model that is linear in its parameters' change c: the log-odds of the correct label
 * of example i is h_i = f0_i + x_iᵀc, the loss log(1 + exp(−h)). It mirrors the trainer (DJL's AdamW): the training
 * examples in the order given, shuffled each epoch by one {@code Random(seed)}, batches of {@code batchSize}, the
 * batch's mean loss, decoupled weight decay and Adam's bias correction in DJL's form (β1 = 0.9, β2 = 0.999,
 * ε = 1e-8 added to the raw √v). Features are one row per example, each coordinate optionally multiplied by a fixed
 * scale, so that a preconditioned copy of large rows need not be held.
 *
 * <p>On the projected gradients g̃ this is a surrogate of fine-tuning that follows its trajectory instead of
 * taking the optimum of a ridge ({@link TrajectorySubsetEstimator}); on unprojected gradients it replays the
 * trainer on the first-order model (the benchmark's diagnostics). Thread-safe: every run keeps its own state.
 */
public final class LinearisedTraining {

    /** How a step turns the batch gradient into a change of the parameters. */
    public enum Rule {
        /** The trainer's AdamW: a running second moment per coordinate. */
        ADAMW,
        /**
         * AdamW with its second moment held fixed at v, on features g ⊙ v^(-1/4): in ψ = v^(1/4)·θ Adam's step
         * −lr·m̂/√v is the step −lr·m̂ of bias-corrected momentum, and gᵀΔθ = (g ⊙ v^(-1/4))ᵀΔψ.
         */
        MOMENTUM
    }

    /** The schedule: epochs, learning rate, decoupled weight decay, batch size and shuffle seed. */
    public record Schedule(int epochs, double learningRate, double weightDecay, int batchSize, long seed) {

        public Schedule {
            if (epochs < 1 || !(learningRate > 0) || weightDecay < 0 || batchSize < 1) {
                throw new IllegalArgumentException("a schedule needs epochs >= 1, a positive learning rate, weight"
                        + " decay >= 0 and batch size >= 1");
            }
        }

        /** The trainer's schedule as the events carry it. */
        public static Schedule of(org.affinityensemble.events.TrainingSchedule schedule) {
            return new Schedule(schedule.epochs(), schedule.learningRate(), schedule.weightDecay(),
                    schedule.batchSize(), schedule.seed());
        }

        /** This schedule with its learning rate multiplied by {@code factor}. */
        public Schedule withLearningRateTimes(double factor) {
            return new Schedule(epochs, learningRate * factor, weightDecay, batchSize, seed);
        }

        /** The optimizer steps over {@code examples} training examples. */
        public int steps(int examples) {
            return epochs * ((examples + batchSize - 1) / batchSize);
        }
    }

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final double[] f0;
    private final float[][] rows;
    private final float[] scale;
    private final int dim;

    /**
     * @param f0    h at the start, per row
     * @param rows  the features, per row, all of one length
     * @param scale a factor per coordinate, or null for none
     */
    public LinearisedTraining(double[] f0, float[][] rows, float[] scale) {
        if (f0.length != rows.length || rows.length == 0) {
            throw new IllegalArgumentException("one f0 per feature row, at least one row");
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
    }

    public int dimension() {
        return dim;
    }

    /**
     * The change c after the schedule over the training rows {@code train}, in the order the trainer would get
     * them.
     *
     * @param start the parameters at the start in the features' coordinates (weight decay pulls start + c towards
     *              0), or null for 0
     */
    public double[] run(int[] train, Schedule schedule, Rule rule, double[] start) {
        if (start != null && start.length != dim) {
            throw new IllegalArgumentException("a start of " + start.length + " values for rows of " + dim);
        }
        double[] change = new double[dim];
        double[] m = new double[dim];
        double[] v = rule == Rule.ADAMW ? new double[dim] : null;
        double[] grad = new double[dim];
        Random random = new Random(schedule.seed());
        List<Integer> order = new ArrayList<>(IntStream.range(0, train.length).boxed().toList());
        double lr = schedule.learningRate();
        double decay = lr * schedule.weightDecay();
        int t = 0;
        for (int epoch = 1; epoch <= schedule.epochs(); epoch++) {
            Collections.shuffle(order, random);
            for (int from = 0; from < order.size(); from += schedule.batchSize()) {
                List<Integer> batch = order.subList(from, Math.min(order.size(), from + schedule.batchSize()));
                Arrays.fill(grad, 0);
                for (int index : batch) {
                    int row = train[index];
                    // dℓ/dh of ℓ(h) = log(1 + exp(−h)), averaged over the batch like the trainer's mean loss.
                    double slope = -Logistic.sigmoid(-logOdds(row, change)) / batch.size();
                    float[] x = rows[row];
                    for (int j = 0; j < dim; j++) {
                        grad[j] += slope * feature(x, j);
                    }
                }
                t++;
                double step = lr / (1 - Math.pow(BETA1, t));
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

    /** h of row {@code row} after the change {@code change}: f0 + xᵀc. */
    public double logOdds(int row, double[] change) {
        float[] x = rows[row];
        double sum = f0[row];
        for (int j = 0; j < dim; j++) {
            if (x[j] != 0f) {
                sum += feature(x, j) * change[j];
            }
        }
        return sum;
    }

    /**
     * How fast AdamW lowers the training loss at the start, per unit of learning rate: Σ_j μ_j²/√V_j over the
     * coordinates, μ the mean per-example loss gradient ℓ'(f0)·x over {@code train} and V = μ² + (s − μ²)/B the
     * second moment of a batch-of-B mean of them (s the mean of their squares): the first-order decrease of the
     * loss under a step m̂/√v̂ with m̂ ≈ μ and v̂ ≈ V. The same number on the unprojected and on the projected
     * gradients of one subset says by how much the projected coordinates' learning rate must differ for the two
     * trajectories to move the loss alike.
     */
    public double adamRate(int[] train, int batchSize) {
        double[] mean = new double[dim];
        double[] square = new double[dim];
        for (int row : train) {
            double slope = -Logistic.sigmoid(-f0[row]);
            for (int j = 0; j < dim; j++) {
                double value = slope * feature(rows[row], j);
                mean[j] += value;
                square[j] += value * value;
            }
        }
        double rate = 0;
        for (int j = 0; j < dim; j++) {
            double mu = mean[j] / train.length;
            double second = mu * mu + (square[j] / train.length - mu * mu) / batchSize;
            if (second > 0) {
                rate += mu * mu / Math.sqrt(second);
            }
        }
        return rate;
    }

    /** The norm of the mean loss gradient over {@code train} at the change {@code change}. */
    public double gradientNorm(int[] train, double[] change) {
        double[] grad = new double[dim];
        for (int row : train) {
            double slope = -Logistic.sigmoid(-logOdds(row, change)) / train.length;
            for (int j = 0; j < dim; j++) {
                grad[j] += slope * feature(rows[row], j);
            }
        }
        return Math.sqrt(Arrays.stream(grad).map(g -> g * g).sum());
    }

    private double feature(float[] x, int j) {
        return scale == null ? x[j] : (double) x[j] * scale[j];
    }
}
