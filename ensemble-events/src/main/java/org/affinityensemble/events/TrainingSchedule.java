package org.affinityensemble.events;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How the trainer trains every adapter (its {@code ensemble.trainer.*} settings): epochs over the task-mixed
 * training examples, AdamW's learning rate and decoupled weight decay, examples per step, and the seed of the
 * shuffling, and the learning rate of the tasks' label embeddings ({@code labelLearningRate}; 0: they stay the frozen
 * label-name prototypes; absent in events from before it was carried). Set once by the trainer's configuration and carried with the gradient requests and completions, so
 * that the affinity's trajectory estimator follows the schedule the adapters are actually trained with (whether A
 * is frozen travels in {@link StartAdapter}).
 */
public record TrainingSchedule(int epochs, double learningRate, double weightDecay, int batchSize, long seed,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) Double labelLearningRate) {

    /** The trainer's defaults (2 epochs, 1e-3, 0.01, 16, seed 1): the schedule of events that carry none. */
    public static final TrainingSchedule DEFAULTS = new TrainingSchedule(2, 1e-3, 0.01, 16, 1);

    public TrainingSchedule {
        InvalidEventException.require(epochs >= 1, "schedule.epochs must be at least 1");
        InvalidEventException.require(learningRate > 0 && Double.isFinite(learningRate),
                "schedule.learningRate must be positive");
        InvalidEventException.require(weightDecay >= 0 && Double.isFinite(weightDecay),
                "schedule.weightDecay must not be negative");
        InvalidEventException.require(batchSize >= 1, "schedule.batchSize must be at least 1");
        labelLearningRate = labelLearningRate == null ? 0.0 : labelLearningRate;
        InvalidEventException.require(labelLearningRate >= 0 && Double.isFinite(labelLearningRate),
                "schedule.labelLearningRate must not be negative");
    }

    /** Frozen label prototypes. */
    public TrainingSchedule(int epochs, double learningRate, double weightDecay, int batchSize, long seed) {
        this(epochs, learningRate, weightDecay, batchSize, seed, 0.0);
    }

    /**
     * The factor on each example's label-embedding gradient block that lets one learning rate follow both blocks:
     * √(label lr / LoRA lr) (gradient descent with per-block step sizes is plain gradient descent in coordinates
     * rescaled by their square roots); 0 when the label embeddings are not trained.
     */
    public double labelGradientScale() {
        return labelLearningRate > 0 ? Math.sqrt(labelLearningRate / learningRate) : 0;
    }

    /** {@code schedule}, or {@link #DEFAULTS} for an event from before schedules were carried. */
    public static TrainingSchedule orDefaults(TrainingSchedule schedule) {
        return schedule == null ? DEFAULTS : schedule;
    }
}
