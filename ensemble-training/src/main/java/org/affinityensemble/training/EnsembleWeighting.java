package org.affinityensemble.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-task weights over all the adapters of an ensemble, learned on each task's validation logits by
 * {@link EnsembleWeightFitter} around the group prior: weight 1 on the adapter of the task's group, η on each
 * boosting adapter fitted on the task's group (the step size of gradient boosting), 0 elsewhere. With λ large the
 * weights stay at the prior (plain boosting); with λ small they follow the validation data.
 */
public final class EnsembleWeighting {

    private final EnsembleWeightFitter fitter;
    private final double eta;

    public EnsembleWeighting(EnsembleWeightFitter fitter, double eta) {
        if (!(eta > 0)) {
            throw new IllegalArgumentException("the boosting step size must be positive");
        }
        this.fitter = fitter;
        this.eta = eta;
    }

    /** The prior w⁰ of a task over the members, in member order. */
    public double[] prior(String taskId, List<EnsembleMember> members) {
        double[] prior = new double[members.size()];
        for (int k = 0; k < members.size(); k++) {
            EnsembleMember member = members.get(k);
            if (member.covers(taskId)) {
                prior[k] = switch (member.kind()) {
                    case GROUP -> 1;
                    case BOOST -> eta;
                    case META -> throw new IllegalArgumentException("a meta-initialisation is not a member: "
                            + member.adapterId());
                };
            }
        }
        return prior;
    }

    /**
     * The weights of every task, each fitted on that task's validation logits of all members (adapters in member
     * order).
     */
    public Map<String, double[]> fit(List<EnsembleMember> members, Map<String, ExampleLogits> validationByTask) {
        Map<String, double[]> weights = new LinkedHashMap<>();
        validationByTask.forEach((task, logits) -> {
            if (logits.adapters() != members.size()) {
                throw new IllegalArgumentException("task " + task + " has logits of " + logits.adapters()
                        + " adapters for " + members.size() + " members");
            }
            weights.put(task, fitter.fit(logits, prior(task, members)).weights());
        });
        return weights;
    }
}
