package org.affinityensemble.affinity.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.affinityensemble.affinity.GradientBatchExamples;
import org.affinityensemble.affinity.TaskExample;
import org.affinityensemble.affinity.entity.CompletedTask;
import org.affinityensemble.affinity.entity.StoredGradient;
import org.affinityensemble.affinity.repository.CompletedTaskRepository;
import org.affinityensemble.affinity.repository.StoredGradientRepository;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.GradientBatch;
import org.affinityensemble.events.GradientsCompleted;
import org.affinityensemble.events.InvalidEventException;
import org.affinityensemble.events.TrainingSchedule;
import org.affinityensemble.events.Vectors;

/**
 * Keeps the projected gradients the affinity estimates need (train and validation examples), and which tasks
 * are complete. Storing a batch twice stores it once.
 */
@ApplicationScoped
public class GradientStore {

    /** A complete task whose gradients are all stored. */
    public record ReadyTask(String datasetId, int revision, long examples, int dim) {
    }

    @Inject
    StoredGradientRepository gradients;

    @Inject
    CompletedTaskRepository completed;

    /** Stores the batch's new examples; returns how many were new. */
    @WithTransaction
    public Uni<Integer> store(GradientBatch batch) {
        List<TaskExample> examples;
        try {
            examples = GradientBatchExamples.of(batch);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(e.getMessage(), e);
        }
        int dim = batch.projection().dim();
        for (TaskExample example : examples) {
            if (example.g().length != dim) {
                throw new InvalidEventException("gradient of " + example.sampleId() + " has " + example.g().length
                        + " values, the projection says " + dim);
            }
        }
        if (examples.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        String projectionId = batch.projection().id();
        List<String> ids = examples.stream().map(TaskExample::sampleId).toList();
        return gradients.storedIds(projectionId, batch.datasetId(), batch.revision(), ids).flatMap(existing -> {
            Set<String> known = new HashSet<>(existing);
            List<StoredGradient> fresh = new ArrayList<>();
            for (TaskExample example : examples) {
                if (!known.add(example.sampleId())) {
                    continue;
                }
                StoredGradient row = new StoredGradient();
                row.projectionId = projectionId;
                row.datasetId = batch.datasetId();
                row.revision = batch.revision();
                row.sampleId = example.sampleId();
                row.validation = example.validation();
                row.f0 = example.f0();
                row.vector = Vectors.toBytes(example.g());
                fresh.add(row);
            }
            // a batch sent again (a gradient worker killed after sending it) holds nothing new
            return fresh.isEmpty() ? Uni.createFrom().item(0) : gradients.persist(fresh).replaceWith(fresh.size());
        });
    }

    /** Records that a task's gradients are complete (the newest revision wins). */
    @WithTransaction
    public Uni<Void> complete(GradientsCompleted event) {
        String projectionId = event.projection().id();
        return completed.findById(new CompletedTask.Key(projectionId, event.datasetId())).flatMap(task -> {
            if (task != null && task.revision > event.revision()) {
                return Uni.createFrom().voidItem();
            }
            CompletedTask row = task != null ? task : new CompletedTask();
            row.projectionId = projectionId;
            row.datasetId = event.datasetId();
            row.revision = event.revision();
            row.dim = event.projection().dim();
            row.completedAt = Instant.now();
            // The shards hold exactly the dataset's train and validation samples, so this is what to expect.
            row.expectedExamples = event.examples();
            row.scheduleJson = event.schedule() == null ? null : EventCodec.json(event.schedule());
            return task != null ? Uni.createFrom().voidItem() : completed.persist(row).replaceWithVoid();
        });
    }

    /** The complete tasks of a projection whose gradients are all stored, in id order. */
    @WithSession
    public Uni<List<ReadyTask>> readyTasks(String projectionId) {
        return completed.ofProjection(projectionId).flatMap(tasks -> {
            Uni<List<ReadyTask>> ready = Uni.createFrom().item(new ArrayList<>());
            for (CompletedTask task : tasks) {
                ready = ready.flatMap(list -> gradients.countOf(projectionId, task.datasetId, task.revision)
                        .map(stored -> {
                            if (stored >= task.expectedExamples) {
                                list.add(new ReadyTask(task.datasetId, task.revision, stored, task.dim));
                            }
                            return list;
                        }));
            }
            return ready;
        });
    }

    /**
     * The trainer's schedule for a projection's adapters: that of its most recent completion (the trainer's
     * configuration when it sent the requests), or the defaults when no completion carried one.
     */
    @WithSession
    public Uni<TrainingSchedule> schedule(String projectionId) {
        return completed.ofProjection(projectionId).map(tasks -> tasks.stream()
                .filter(task -> task.scheduleJson != null)
                .max(java.util.Comparator.comparing((CompletedTask task) -> task.completedAt))
                .map(task -> EventCodec.fromJson(task.scheduleJson, TrainingSchedule.class))
                .orElse(TrainingSchedule.DEFAULTS));
    }

    @WithSession
    public Uni<List<String>> projections() {
        return completed.find("select distinct t.projectionId from CompletedTask t").project(String.class).list();
    }
}
