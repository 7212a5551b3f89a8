package org.affinityensemble.model.train;

import java.util.List;
import org.affinityensemble.model.lora.LoraAdapter;

/**
 * The result of a training run: the best checkpoint (by the objective's criterion, epoch 0 included), the epoch
 * it came from, the adapter after the last epoch, every epoch's report, and the epoch a resumed run continued after
 * (0 when it ran from the start).
 */
public record TrainingOutcome(LoraAdapter best, int bestEpoch, LoraAdapter last, List<EpochReport> epochs,
        int resumedFromEpoch) {

    public TrainingOutcome {
        epochs = List.copyOf(epochs);
    }

    /** Steps skipped because the loss or a gradient was not finite, over the whole run. */
    public int skippedSteps() {
        return epochs.stream().mapToInt(EpochReport::skippedSteps).sum();
    }

    /** Recomputations of steps whose first pass was not finite, over the whole run. */
    public int recomputedSteps() {
        return epochs.stream().mapToInt(EpochReport::recomputedSteps).sum();
    }

    public EpochReport bestReport() {
        return epochs.get(bestEpoch);
    }
}
