package org.affinityensemble.model.train;

import org.affinityensemble.events.TrainingSchedule;

/**
 * Settings of one LoRA training run: epochs over the (shuffled, task-mixed) training examples, AdamW's learning
 * rate and decoupled weight decay, examples per step, tokens per text, the seed of the shuffling, whether the
 * A matrices stay at their seeded initialisation ({@code freezeA}, LoRA-FA: only B is trained, so the update
 * B·A0 is linear in the trained parameters; docs/affinity.md, ADR 0044), and the learning rate of the tasks' label
 * embeddings ({@code labelLearningRate}; 0, the default: they stay the frozen label-name prototypes; &gt; 0: they
 * start there and are trained with the adapter by their own AdamW without weight decay, issue #19).
 */
public record TrainingConfig(int epochs, double learningRate, double weightDecay, int batchSize, int maxLength,
        long seed, boolean freezeA, double labelLearningRate) {

    /**
     * The label embeddings' learning rate the services and the benchmarks train with (the trainer-service's
     * {@code ensemble.trainer.label-learning-rate}; ADR 0081).
     */
    public static final double DEFAULT_LABEL_LEARNING_RATE = 1e-2;

    public TrainingConfig {
        if (epochs < 1 || !(learningRate > 0) || weightDecay < 0 || batchSize < 1 || maxLength < 8
                || !(labelLearningRate >= 0)) {
            throw new IllegalArgumentException("invalid training configuration");
        }
    }

    /** Frozen label prototypes. */
    public TrainingConfig(int epochs, double learningRate, double weightDecay, int batchSize, int maxLength,
            long seed, boolean freezeA) {
        this(epochs, learningRate, weightDecay, batchSize, maxLength, seed, freezeA, 0);
    }

    /** 2 epochs, learning rate 1e-3, weight decay 0.01, batch 16, 64 tokens, seed 1, A and B trained. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(2, 1e-3, 0.01, 16, 64, 1L, false);
    }

    /** The schedule part (what the affinity's trajectory estimator follows), as the events carry it. */
    public TrainingSchedule schedule() {
        return new TrainingSchedule(epochs, learningRate, weightDecay, batchSize, seed, labelLearningRate);
    }

    /** Whether the label embeddings are trained. */
    public boolean trainsLabels() {
        return labelLearningRate > 0;
    }

    public TrainingConfig withEpochs(int newEpochs) {
        return new TrainingConfig(newEpochs, learningRate, weightDecay, batchSize, maxLength, seed, freezeA,
                labelLearningRate);
    }

    public TrainingConfig withSeed(long newSeed) {
        return new TrainingConfig(epochs, learningRate, weightDecay, batchSize, maxLength, newSeed, freezeA,
                labelLearningRate);
    }

    public TrainingConfig withFreezeA(boolean newFreezeA) {
        return new TrainingConfig(epochs, learningRate, weightDecay, batchSize, maxLength, seed, newFreezeA,
                labelLearningRate);
    }

    public TrainingConfig withLearningRate(double newLearningRate) {
        return new TrainingConfig(epochs, newLearningRate, weightDecay, batchSize, maxLength, seed, freezeA,
                labelLearningRate);
    }

    public TrainingConfig withLabelLearningRate(double newLabelLearningRate) {
        return new TrainingConfig(epochs, learningRate, weightDecay, batchSize, maxLength, seed, freezeA,
                newLabelLearningRate);
    }
}
