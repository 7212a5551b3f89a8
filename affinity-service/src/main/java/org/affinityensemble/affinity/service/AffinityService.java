package org.affinityensemble.affinity.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.affinityensemble.affinity.AffinityEstimator;
import org.affinityensemble.affinity.AffinityMetric;
import org.affinityensemble.affinity.AffinityResult;
import org.affinityensemble.affinity.EstimatorChoice;
import org.affinityensemble.affinity.EstimatorKind;
import org.affinityensemble.affinity.GradientSource;
import org.affinityensemble.affinity.InMemoryGradientSource;
import org.affinityensemble.affinity.SamplingPolicy;
import org.affinityensemble.affinity.SubsetEstimate;
import org.affinityensemble.affinity.SubsetSampler;
import org.affinityensemble.affinity.TaskEstimate;
import org.affinityensemble.affinity.TaskExample;
import org.affinityensemble.affinity.TaskSubset;
import org.affinityensemble.affinity.TrajectoryCalibration;
import org.affinityensemble.affinity.config.AffinitySettings;
import org.affinityensemble.affinity.entity.AffinityVersion;
import org.affinityensemble.affinity.entity.SubsetEstimateRow;
import org.affinityensemble.affinity.repository.AffinityVersionRepository;
import org.affinityensemble.affinity.repository.SubsetEstimateRepository;
import org.affinityensemble.events.AffinityUpdated;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.ProjectionSpec;
import org.affinityensemble.events.TrainingSchedule;
import org.affinityensemble.quarkus.Offload;
import org.jboss.logging.Logger;

/**
 * Brings the affinity matrix of a projection up to date with the tasks whose gradients are stored: estimates
 * only the subsets that hold a new task (earlier estimates are reused), stores the estimates and the new
 * version. Seeded and deterministic: the same tasks give the same matrix, whatever the order in which their
 * gradients arrived, and a run on an unchanged task set publishes nothing new.
 */
@ApplicationScoped
public class AffinityService {

    private static final Logger LOG = Logger.getLogger(AffinityService.class);

    @Inject
    GradientStore store;

    @Inject
    SubsetEstimateRepository estimates;

    @Inject
    AffinityVersionRepository versions;

    @Inject
    AffinitySettings settings;

    @Inject
    Pool pool;

    /**
     * The new version, stored as pending publication ({@link AffinityPublisher}), or null when the matrix of
     * {@code projection} is already current.
     */
    public Uni<AffinityUpdated> update(ProjectionSpec projection) {
        String projectionId = projection.id();
        return store.readyTasks(projectionId).flatMap(ready -> ready.isEmpty() ? Uni.createFrom().nullItem()
                : store.schedule(projectionId).flatMap(schedule -> update(projection, ready,
                        choose(projection, schedule))));
    }

    private Uni<AffinityUpdated> update(ProjectionSpec projection, List<GradientStore.ReadyTask> ready,
            EstimatorChoice choice) {
        String projectionId = projection.id();
        String revisions = revisionsKey(ready);
        return latest(projectionId).flatMap(latest -> {
            if (latest != null && latest.revisions.equals(revisions) && choice.key().equals(latest.estimator)) {
                return Uni.createFrom().nullItem();
            }
            long next = latest == null ? 1 : latest.version + 1;
            return existingEstimates(projectionId, ready, choice.key())
                    .flatMap(existing -> Offload.blocking(() -> estimate(projectionId, ready, existing, choice)))
                    .flatMap(timed -> persist(projectionId, next, revisions, timed, choice.key()));
        });
    }

    /** The configured estimator for gradients of {@code projection} and adapters trained with {@code schedule}. */
    EstimatorChoice choose(ProjectionSpec projection, TrainingSchedule schedule) {
        TrajectoryCalibration calibration = settings.trajectory().calibration();
        EstimatorChoice choice = EstimatorChoice.of(settings.estimator(), projection.start(), settings.lambda(),
                calibration, schedule);
        if (choice.kind() == EstimatorKind.TRAJECTORY && !calibration.calibrated(schedule.epochs())) {
            LOG.warnf("the trajectory estimator is calibrated for %s epochs, the trainer trains %d: using the factor"
                    + " of the nearest (%s); calibrate with bin/ensemble bench estimate --epochs=%d",
                    calibration, schedule.epochs(), calibration.factor(schedule.epochs()), schedule.epochs());
        }
        return choice;
    }

    private record Timed(AffinityResult result, double seconds) {
    }

    private Timed estimate(String projectionId, List<GradientStore.ReadyTask> ready, List<SubsetEstimate> existing,
            EstimatorChoice choice) {
        long started = System.nanoTime();
        List<String> tasks = ready.stream().map(GradientStore.ReadyTask::datasetId).toList();
        Map<String, Integer> revisions = ready.stream().collect(Collectors.toMap(GradientStore.ReadyTask::datasetId,
                GradientStore.ReadyTask::revision));
        int dim = ready.get(0).dim();
        GradientSource source = new PostgresGradientSource(pool, projectionId, revisions, dim, settings.pageSize());
        long bytes = ready.stream().mapToLong(GradientStore.ReadyTask::examples).sum() * dim * Float.BYTES;
        if (bytes <= settings.memoryBudgetMb() * 1024L * 1024L) {
            source = inMemory(source, tasks);
        }
        AffinityEstimator estimator = new AffinityEstimator(new SubsetSampler(
                SamplingPolicy.defaults(settings.seed()).withSubsetCount(settings.subsets())
                        .withMinPairCoverage(settings.minPairCoverage())),
                choice.estimator(), AffinityMetric.NEGATIVE_LOSS, settings.threads());
        AffinityResult result = estimator.update(tasks, existing, source);
        double seconds = (System.nanoTime() - started) / 1e9;
        LOG.infof("affinity of %d tasks by %s: %d subsets estimated (%d reused) in %.2f s", tasks.size(),
                choice.key(), result.added().size(), existing.size(), seconds);
        return new Timed(result, seconds);
    }

    private static GradientSource inMemory(GradientSource source, List<String> tasks) {
        List<TaskExample> all = new ArrayList<>();
        for (String task : tasks) {
            source.forEachChunk(task, false, all::addAll);
            source.forEachChunk(task, true, all::addAll);
        }
        return new InMemoryGradientSource(source.dimension(), all);
    }

    @WithTransaction
    Uni<AffinityUpdated> persist(String projectionId, long version, String revisions, Timed timed,
            String estimatorKey) {
        AffinityResult result = timed.result();
        Map<String, String> revisionOf = parseRevisions(revisions);
        List<SubsetEstimateRow> rows = new ArrayList<>();
        for (SubsetEstimate estimate : result.added()) {
            String subsetRevisions = estimate.subset().tasks().stream().map(t -> t + "@" + revisionOf.get(t))
                    .collect(Collectors.joining(","));
            for (var entry : estimate.estimates().entrySet()) {
                SubsetEstimateRow row = new SubsetEstimateRow();
                row.projectionId = projectionId;
                row.subsetKey = estimate.subset().key();
                row.taskId = entry.getKey();
                row.revisions = subsetRevisions;
                row.loss = entry.getValue().loss();
                row.accuracy = entry.getValue().accuracy();
                row.examples = entry.getValue().n();
                row.estimator = estimatorKey;
                row.iterations = estimate.iterations();
                row.gradientNorm = estimate.gradientNorm();
                rows.add(row);
            }
        }
        AffinityVersion stored = new AffinityVersion();
        stored.projectionId = projectionId;
        stored.version = version;
        stored.revisions = revisions;
        stored.tasksJson = json(result.tasks());
        stored.matrixJson = json(result.matrix());
        stored.subsets = result.estimates().size();
        stored.subsetsEstimated = result.added().size();
        stored.seconds = timed.seconds();
        stored.metric = result.metric().wireName();
        stored.estimator = estimatorKey;
        stored.createdAt = Instant.now();
        stored.pendingSince = stored.createdAt;
        List<String> replaced = result.added().stream().map(e -> e.subset().key()).distinct().toList();
        Uni<Long> stale = replaced.isEmpty() ? Uni.createFrom().item(0L)
                : estimates.delete("projectionId = ?1 and subsetKey in ?2", projectionId, replaced);
        // A single task has no subset to estimate (and persisting an empty list fails).
        return stale.flatMap(ignored -> rows.isEmpty() ? Uni.createFrom().voidItem() : estimates.persist(rows))
                .flatMap(ignored -> versions.persist(stored))
                .map(ignored -> new AffinityUpdated(version, projectionId, result.tasks(), result.matrix(),
                        result.estimates().size(), result.metric().wireName()));
    }

    @WithSession
    public Uni<AffinityVersion> latest(String projectionId) {
        return versions.latest(projectionId);
    }

    @WithSession
    public Uni<AffinityVersion> latestOfAll() {
        return versions.latestOfAll();
    }

    /** Stored estimates still valid for the ready tasks' revisions and this estimator, grouped back into subsets. */
    @WithSession
    Uni<List<SubsetEstimate>> existingEstimates(String projectionId, List<GradientStore.ReadyTask> ready,
            String estimatorKey) {
        Map<String, Integer> current = new HashMap<>();
        ready.forEach(task -> current.put(task.datasetId(), task.revision()));
        return estimates.ofProjection(projectionId).map(rows -> reusable(rows, current, estimatorKey));
    }

    /**
     * The subsets among {@code rows} that were estimated by {@code estimatorKey} on the {@code current} revision of
     * every task they hold (a task not in {@code current} is not ready and does not invalidate them).
     */
    static List<SubsetEstimate> reusable(List<SubsetEstimateRow> rows, Map<String, Integer> current,
            String estimatorKey) {
        Map<String, List<SubsetEstimateRow>> bySubset = new LinkedHashMap<>();
        rows.forEach(row -> bySubset.computeIfAbsent(row.subsetKey, k -> new ArrayList<>()).add(row));
        List<SubsetEstimate> valid = new ArrayList<>();
        for (List<SubsetEstimateRow> subset : bySubset.values()) {
            Map<String, String> revisionOf = parseRevisions(subset.get(0).revisions);
            boolean upToDate = revisionOf.entrySet().stream().allMatch(e -> !current.containsKey(e.getKey())
                    || String.valueOf(current.get(e.getKey())).equals(e.getValue()));
            boolean sameEstimator = subset.stream().allMatch(row -> estimatorKey.equals(row.estimator));
            if (!upToDate || !sameEstimator) {
                continue;
            }
            Map<String, TaskEstimate> byTask = new HashMap<>();
            subset.forEach(row -> byTask.put(row.taskId, new TaskEstimate(row.loss, row.accuracy, row.examples)));
            valid.add(new SubsetEstimate(TaskSubset.of(byTask.keySet()), byTask, subset.get(0).iterations,
                    subset.get(0).gradientNorm));
        }
        return valid;
    }

    static String revisionsKey(List<GradientStore.ReadyTask> ready) {
        return ready.stream().map(t -> t.datasetId() + "@" + t.revision()).sorted().collect(Collectors.joining(","));
    }

    private static Map<String, String> parseRevisions(String key) {
        Map<String, String> map = new HashMap<>();
        for (String part : key.split(",")) {
            int at = part.lastIndexOf('@');
            if (at > 0) {
                map.put(part.substring(0, at), part.substring(at + 1));
            }
        }
        return map;
    }

    private static String json(Object value) {
        try {
            return EventCodec.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
