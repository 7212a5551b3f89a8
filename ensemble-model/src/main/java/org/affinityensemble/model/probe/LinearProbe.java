package org.affinityensemble.model.probe;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.affinityensemble.model.infer.Softmax;

/**
 * A linear probe: L2-regularised logistic regression on fixed feature vectors (e.g. the frozen encoder's sentence
 * embeddings), trained with LIBLINEAR's primal trust-region Newton solver ({@code L2R_LR}, bias feature 1) for
 * each C of a grid, the C with the best validation accuracy kept (ties: the smaller C, i.e. the stronger
 * regularisation). With two classes this is binary logistic regression; with more LIBLINEAR fits one-vs-rest
 * logistic regressions and predicts the class of the highest decision value (a multinomial fit is not offered by
 * LIBLINEAR). Deterministic. A baseline for the accuracy benchmark (issue #19), and the member every served
 * ensemble may mix in per task (ADR 0124).
 */
public final class LinearProbe {

    /** The default grid of C = 1/λ (inverse L2 strength). */
    public static final List<Double> DEFAULT_GRID = List.of(0.01, 0.1, 1.0, 10.0, 100.0, 1000.0);

    private static final double TOLERANCE = 1e-4;
    /** The first line of {@link #toBytes}, before the chosen C and its validation accuracy. */
    private static final String HEADER = "# affinity-ensemble linear probe: C, validation accuracy: ";
    /** The probability floor of {@link #logProbabilities} (a class the probe never saw gets exactly this). */
    private static final double MIN_PROBABILITY = 1e-6;
    /** The floor of the ensemble's probabilities in {@link #mixed}. */
    private static final double MIN_PROBABILITY_OF_MIXTURE = 1e-12;

    private final Model model;
    private final double c;
    private final double validationAccuracy;

    private LinearProbe(Model model, double c, double validationAccuracy) {
        this.model = model;
        this.c = c;
        this.validationAccuracy = validationAccuracy;
    }

    /**
     * Fits one probe per C of {@code grid} on the training features and keeps the one with the best validation
     * accuracy.
     *
     * @param classes the number of classes; labels are 0 .. classes-1 (a class without training examples is
     *                never predicted)
     */
    public static LinearProbe fit(float[][] trainX, int[] trainY, float[][] validationX, int[] validationY,
            int classes, List<Double> grid) {
        if (trainX.length == 0 || trainX.length != trainY.length || validationX.length != validationY.length
                || grid.isEmpty() || classes < 2) {
            throw new IllegalArgumentException("a probe needs training examples, labels for them, a C grid and two"
                    + " classes or more");
        }
        Linear.disableDebugOutput();
        Problem problem = new Problem();
        problem.l = trainX.length;
        problem.n = trainX[0].length + 1;
        problem.bias = 1;
        problem.x = new Feature[trainX.length][];
        problem.y = new double[trainY.length];
        for (int i = 0; i < trainX.length; i++) {
            problem.x[i] = features(trainX[i], problem.bias);
            if (trainY[i] < 0 || trainY[i] >= classes) {
                throw new IllegalArgumentException("label " + trainY[i] + " is not in 0.." + (classes - 1));
            }
            problem.y[i] = trainY[i];
        }
        LinearProbe best = null;
        for (double c : grid.stream().sorted().toList()) {
            Linear.resetRandom();
            Model model = Linear.train(problem, new Parameter(SolverType.L2R_LR, c, TOLERANCE));
            LinearProbe candidate = new LinearProbe(model, c, Double.NaN);
            double accuracy = validationX.length == 0 ? Double.NaN
                    : accuracy(candidate.predict(validationX), validationY);
            candidate = new LinearProbe(model, c, accuracy);
            if (best == null || accuracy > best.validationAccuracy) {
                best = candidate;
            }
        }
        return best;
    }

    /** The class labels the probe was trained on (those it can predict), in LIBLINEAR's order. */
    public int[] labels() {
        return model.getLabels().clone();
    }

    /** The chosen C. */
    public double c() {
        return c;
    }

    /** The validation accuracy of the chosen C. */
    public double validationAccuracy() {
        return validationAccuracy;
    }

    /** The predicted class of each row. */
    public int[] predict(float[][] x) {
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (int) Math.round(Linear.predict(model, features(x[i], model.getBias())));
        }
        return out;
    }

    /**
     * Per row, the log-probability of each class 0 .. classes-1 (LIBLINEAR's one-vs-rest probabilities normalised
     * over the classes it was trained on; a class it never saw gets {@code log(1e-6)}).
     */
    public double[][] logProbabilities(float[][] x, int classes) {
        int[] labels = model.getLabels();
        double[] probabilities = new double[labels.length];
        double[][] out = new double[x.length][classes];
        for (int i = 0; i < x.length; i++) {
            Arrays.fill(out[i], Math.log(MIN_PROBABILITY));
            Linear.predictProbability(model, features(x[i], model.getBias()), probabilities);
            for (int k = 0; k < labels.length; k++) {
                out[i][labels[k]] = Math.log(Math.max(probabilities[k], MIN_PROBABILITY));
            }
        }
        return out;
    }

    /**
     * The probe in LIBLINEAR's own model file format (its weights, bias and labels), with the chosen C and its
     * validation accuracy in a first comment line: what an ensemble version stores for a task whose served
     * prediction mixes in the probe (ADR 0124).
     */
    public byte[] toBytes() {
        StringWriter text = new StringWriter();
        text.write(HEADER + c + " " + validationAccuracy + "\n");
        try {
            model.save(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads what {@link #toBytes} wrote. */
    public static LinearProbe fromBytes(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        if (!text.startsWith(HEADER) || newline < 0) {
            throw new IllegalArgumentException("not a stored linear probe (no '" + HEADER.trim() + "' line)");
        }
        String[] header = text.substring(HEADER.length(), newline).trim().split(" ");
        try {
            Model model = Model.load(new StringReader(text.substring(newline + 1)));
            return new LinearProbe(model, Double.parseDouble(header[0]),
                    header.length > 1 ? Double.parseDouble(header[1]) : Double.NaN);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a stored linear probe: " + e.getMessage(), e);
        }
    }

    /**
     * An ensemble's logits mixed with a probe's log-probabilities, row by row: (1 − α)·log softmax(logits) +
     * α·probeLogProbabilities. The result is a row of logits again (its softmax is the normalised geometric mixture
     * of the two distributions); α = 0 is the ensemble's log-softmax, α = 1 the probe's. The one definition the
     * build (which chooses α) and the served ensemble (which applies it) share.
     */
    public static double[][] mixed(double[][] logits, double[][] probeLogProbabilities, double alpha) {
        if (logits.length != probeLogProbabilities.length) {
            throw new IllegalArgumentException(logits.length + " ensemble rows for " + probeLogProbabilities.length
                    + " probe rows");
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("the probe's weight must be in [0, 1], not " + alpha);
        }
        double[][] out = new double[logits.length][];
        for (int i = 0; i < logits.length; i++) {
            if (logits[i].length != probeLogProbabilities[i].length) {
                throw new IllegalArgumentException("row " + i + ": " + logits[i].length + " ensemble labels for "
                        + probeLogProbabilities[i].length + " probe labels");
            }
            double[] p = Softmax.probabilities(logits[i]);
            out[i] = new double[p.length];
            for (int l = 0; l < p.length; l++) {
                double logP = Math.log(Math.max(p[l], MIN_PROBABILITY_OF_MIXTURE));
                out[i][l] = (1 - alpha) * logP + alpha * probeLogProbabilities[i][l];
            }
        }
        return out;
    }

    /** The fraction of predictions equal to the labels (NaN for none). */
    public static double accuracy(int[] predicted, int[] labels) {
        if (predicted.length != labels.length) {
            throw new IllegalArgumentException(predicted.length + " predictions for " + labels.length + " labels");
        }
        if (labels.length == 0) {
            return Double.NaN;
        }
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }
        return correct / (double) labels.length;
    }

    private static Feature[] features(float[] row, double bias) {
        Feature[] out = new Feature[row.length + (bias >= 0 ? 1 : 0)];
        for (int j = 0; j < row.length; j++) {
            out[j] = new FeatureNode(j + 1, row[j]);
        }
        if (bias >= 0) {
            out[row.length] = new FeatureNode(row.length + 1, bias);
        }
        return out;
    }

    @Override
    public String toString() {
        return "LinearProbe[C=" + c + ", validation accuracy " + validationAccuracy + ", classes "
                + Arrays.toString(model.getLabels()) + "]";
    }
}
