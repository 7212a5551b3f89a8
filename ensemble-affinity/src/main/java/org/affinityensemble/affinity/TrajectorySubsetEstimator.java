package org.affinityensemble.affinity;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The trajectory surrogate: rather than the optimum of a ridge ({@link SurrogateSubsetEstimator}), it runs the
 * trainer's own schedule ({@link LinearisedTraining}: AdamW, its epochs, batches and shuffle seed) on the
 * linearised model f0 + g̃ᵀw from w = 0, over the subset's projected training gradients, and reads out each task's
 * validation loss and accuracy at the w it ends at ({@link Readout}). Fine-tuning for a fixed number of steps does
 * not reach an optimum, and how far it gets depends on each direction's gradient scale; the trajectory keeps both,
 * where λ has to stand for them (ADR 0045).
 *
 * <p>The learning rate is the trainer's times a factor: Adam moves each of the d projected coordinates by about the
 * learning rate per step, as it moves each of the D LoRA parameters, and d coordinates move h less than D do; the
 * factor is calibrated against real fine-tuning ({@code bin/ensemble bench estimate}). The subset's training
 * gradients are held in memory for the run (examples × d floats), as the trainer holds its examples. Thread-safe.
 */
public final class TrajectorySubsetEstimator implements SubsetEstimator {

    private final LinearisedTraining.Schedule schedule;
    private final Readout readout;

    /** @param schedule the trainer's schedule with the learning rate already multiplied by the factor */
    public TrajectorySubsetEstimator(LinearisedTraining.Schedule schedule) {
        this(schedule, new Readout());
    }

    public TrajectorySubsetEstimator(LinearisedTraining.Schedule schedule, Readout readout) {
        this.schedule = schedule;
        this.readout = readout;
    }

    @Override
    public SubsetEstimate estimate(TaskSubset subset, GradientSource source) {
        List<Double> f0 = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        for (String task : subset.tasks()) {
            source.forEachChunk(task, false, chunk -> chunk.forEach(example -> {
                f0.add(example.f0());
                rows.add(example.g().clone());
            }));
        }
        if (rows.isEmpty()) {
            return new SubsetEstimate(subset, readout.evaluate(subset.tasks(), source,
                    new double[source.dimension()]), 0, 0);
        }
        LinearisedTraining training = new LinearisedTraining(f0.stream().mapToDouble(Double::doubleValue).toArray(),
                rows.toArray(float[][]::new), null);
        int[] train = IntStream.range(0, rows.size()).toArray();
        double[] w = training.run(train, schedule, LinearisedTraining.Rule.ADAMW, null);
        return new SubsetEstimate(subset, readout.evaluate(subset.tasks(), source, w), schedule.steps(rows.size()),
                training.gradientNorm(train, w));
    }
}
