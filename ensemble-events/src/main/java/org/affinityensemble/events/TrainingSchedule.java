package org.affinityensemble.events;

/**
 * How the trainer trains every adapter (its {@code ensemble.trainer.*} settings): epochs over the task-mixed
 * training examples, AdamW's learning rate and decoupled weight decay, examples per step, and the seed of the
 * shuffling. Set once by the trainer's configuration and carried with the gradient requests and completions, so
 * that the affinity's trajectory estimator follows the schedule the adapters are actually trained with (whether A
 * is frozen travels in {@link StartAdapter}).
 */
public record TrainingSchedule(int epochs, double learningRate, double weightDecay, int batchSize, long seed) {

    /** The trainer's defaults (2 epochs, 1e-3, 0.01, 16, seed 1): the schedule of events that carry none. */
    public static final TrainingSchedule DEFAULTS = new TrainingSchedule(2, 1e-3, 0.01, 16, 1);

    public TrainingSchedule {
        InvalidEventException.require(epochs >= 1, "schedule.epochs must be at least 1");
        InvalidEventException.require(learningRate > 0 && Double.isFinite(learningRate),
                "schedule.learningRate must be positive");
        InvalidEventException.require(weightDecay >= 0 && Double.isFinite(weightDecay),
                "schedule.weightDecay must not be negative");
        InvalidEventException.require(batchSize >= 1, "schedule.batchSize must be at least 1");
    }

    /** {@code schedule}, or {@link #DEFAULTS} for an event from before schedules were carried. */
    public static TrainingSchedule orDefaults(TrainingSchedule schedule) {
        return schedule == null ? DEFAULTS : schedule;
    }
}
