package org.affinityensemble.model.infer;

/**
 * The softmax quantities of one row of logits, in double precision and shifted by the maximum (never overflows),
 * that the ensemble weights, boosting, the evaluation and serving share: probabilities, the cross-entropy of the
 * correct label, and the predicted label (argmax, ties to the lower index).
 */
public final class Softmax {

    private Softmax() {
    }

    /** p = softmax(z), computed stably. */
    public static double[] probabilities(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double z : logits) {
            max = Math.max(max, z);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int l = 0; l < logits.length; l++) {
            p[l] = Math.exp(logits[l] - max);
            sum += p[l];
        }
        for (int l = 0; l < logits.length; l++) {
            p[l] /= sum;
        }
        return p;
    }

    /** −log softmax(z)_y = logsumexp(z) − z_y. */
    public static double crossEntropy(double[] logits, int label) {
        double max = Double.NEGATIVE_INFINITY;
        for (double z : logits) {
            max = Math.max(max, z);
        }
        double sum = 0;
        for (double z : logits) {
            sum += Math.exp(z - max);
        }
        return max + Math.log(sum) - logits[label];
    }

    public static int argmax(double[] logits) {
        int best = 0;
        for (int l = 1; l < logits.length; l++) {
            if (logits[l] > logits[best]) {
                best = l;
            }
        }
        return best;
    }

    /** The same values in double precision. */
    public static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /** The fraction of rows whose argmax is the correct label (NaN for no rows). */
    public static double accuracy(double[][] logits, int[] labels) {
        if (labels.length == 0) {
            return Double.NaN;
        }
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += argmax(logits[i]) == labels[i] ? 1 : 0;
        }
        return correct / (double) labels.length;
    }

    /** The mean cross-entropy of the rows (NaN for no rows). */
    public static double meanCrossEntropy(double[][] logits, int[] labels) {
        if (labels.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            sum += crossEntropy(logits[i], labels[i]);
        }
        return sum / labels.length;
    }
}
