package org.affinityensemble.affinity;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded synthetic surrogate inputs for tests, and a plain-loop reference of the objective and its gradient. */
final class SyntheticGradients {

    private SyntheticGradients() {
    }

    /** Random examples of one task: g ~ N(0, scale²) per coordinate, f0 ~ N(offset, 1). */
    static List<TaskExample> randomTask(String task, int train, int validation, int d, double scale, double offset,
            Random random) {
        List<TaskExample> examples = new ArrayList<>();
        for (int i = 0; i < train + validation; i++) {
            float[] g = new float[d];
            for (int c = 0; c < d; c++) {
                g[c] = (float) (scale * random.nextGaussian());
            }
            examples.add(new TaskExample(task, String.format("%s-%05d", task, i), i >= train,
                    offset + random.nextGaussian(), g));
        }
        return examples;
    }

    /**
     * Examples of a task in a latent cluster: g = s·(direction + 0.5·own) + noise, where {@code direction} is
     * shared by the cluster and {@code own} is the task's own unit direction, s ~ |N(1, 0.3)|; f0 ~ N(-0.5, 1).
     * Tasks of a cluster push w the same way, so fitting them together lowers each other's loss.
     */
    static List<TaskExample> clusterTask(String task, double[] direction, int train, int validation,
            Random random) {
        int d = direction.length;
        double[] own = unitVector(d, random);
        List<TaskExample> examples = new ArrayList<>();
        for (int i = 0; i < train + validation; i++) {
            double s = Math.abs(1 + 0.3 * random.nextGaussian());
            float[] g = new float[d];
            for (int c = 0; c < d; c++) {
                g[c] = (float) (s * (direction[c] + 0.5 * own[c]) + 0.3 * random.nextGaussian() / Math.sqrt(d));
            }
            examples.add(new TaskExample(task, String.format("%s-%05d", task, i), i >= train,
                    -0.5 + random.nextGaussian(), g));
        }
        return examples;
    }

    static double[] unitVector(int d, Random random) {
        double[] v = new double[d];
        double norm = 0;
        for (int c = 0; c < d; c++) {
            v[c] = random.nextGaussian();
            norm += v[c] * v[c];
        }
        for (int c = 0; c < d; c++) {
            v[c] /= Math.sqrt(norm);
        }
        return v;
    }

    /** F(w) = mean log(1+exp(-(f0+gᵀw))) + λ‖w‖² over the training examples, by plain loops. */
    static double objective(List<TaskExample> examples, double[] w, double lambda) {
        double sum = 0;
        int n = 0;
        for (TaskExample example : examples) {
            if (!example.validation()) {
                sum += Math.log1p(Math.exp(-margin(example, w)));
                n++;
            }
        }
        double squared = 0;
        for (double value : w) {
            squared += value * value;
        }
        return sum / n + lambda * squared;
    }

    /** ∇F(w) = -(1/N) Σ g/(1+exp(m)) + 2λw over the training examples, by plain loops. */
    static double[] gradient(List<TaskExample> examples, double[] w, double lambda) {
        double[] gradient = new double[w.length];
        int n = 0;
        for (TaskExample example : examples) {
            if (!example.validation()) {
                double weight = -1 / (1 + Math.exp(margin(example, w)));
                for (int c = 0; c < w.length; c++) {
                    gradient[c] += weight * example.g()[c];
                }
                n++;
            }
        }
        for (int c = 0; c < w.length; c++) {
            gradient[c] = gradient[c] / n + 2 * lambda * w[c];
        }
        return gradient;
    }

    static double margin(TaskExample example, double[] w) {
        double m = example.f0();
        for (int c = 0; c < w.length; c++) {
            m += example.g()[c] * w[c];
        }
        return m;
    }

    static double norm(double[] v) {
        double squared = 0;
        for (double value : v) {
            squared += value * value;
        }
        return Math.sqrt(squared);
    }
}
