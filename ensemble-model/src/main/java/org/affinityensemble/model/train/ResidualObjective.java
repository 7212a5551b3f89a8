package org.affinityensemble.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.task.TaskScores;
import org.affinityensemble.model.runtime.HostArrays;

/**
 * The gradient-boosting objective (ADR 0013). Each example carries the residual r(x) = 1 − p_ens(y|x) of the
 * current ensemble, which is the negative gradient of the ensemble's cross-entropy with respect to its
 * correct-label logit. The new adapter's centred correct-label logit f(x) = z_y(x) − mean_l z_l(x) (over the
 * example's task's labels; centring removes the softmax-irrelevant offset) is fitted to it by least squares:
 * loss = mean_n (f(x_n) − r(x_n))². An example the ensemble already gets right (r ≈ 0) thus asks the adapter to
 * stay neutral on it; one it gets wrong (r ≈ 1) asks for a unit push towards the correct label. Checkpoints are
 * chosen by the lowest validation loss, so the validation examples need residuals too.
 */
public final class ResidualObjective implements Objective {

    private final Map<LabelledText, Double> residuals;

    /** @param residuals r(x) = 1 − p_ens(y|x) for every training and validation example */
    public ResidualObjective(Map<LabelledText, Double> residuals) {
        this.residuals = Map.copyOf(residuals);
    }

    /** r(x) = 1 − p_ens(y|x) from an ensemble's probability of each example's correct label. */
    public static double residual(double ensembleProbabilityOfCorrectLabel) {
        return 1 - ensembleProbabilityOfCorrectLabel;
    }

    @Override
    public NDArray loss(TaskScores scores, List<LabelledText> batch) {
        float[] targets = new float[batch.size()];
        for (int n = 0; n < batch.size(); n++) {
            Double r = residuals.get(batch.get(n));
            if (r == null) {
                throw new IllegalArgumentException("no residual for example " + batch.get(n));
            }
            targets[n] = r.floatValue();
        }
        NDArray fitted = scores.centredCorrectLogit(batch.stream().mapToInt(LabelledText::label).toArray());
        NDArray target = HostArrays.create(fitted.getManager(), targets, new Shape(batch.size()),
                fitted.getDataType());
        NDArray error = fitted.sub(target);
        return error.mul(error).mean();
    }

    @Override
    public boolean selectsByAccuracy() {
        return false;
    }
}
