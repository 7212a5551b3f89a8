package org.affinityensemble.trainer.ensemble;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.affinityensemble.events.GroupingUpdated;
import org.affinityensemble.events.TaskGroup;
import org.affinityensemble.events.TrainingResult;
import org.affinityensemble.storage.EnsembleManifest.AdapterEntry.Kind;
import org.affinityensemble.storage.StorageLayout;
import org.affinityensemble.trainer.entity.BuildGroup;
import org.affinityensemble.trainer.entity.Dataset;
import org.affinityensemble.trainer.entity.EnsembleBuild;
import org.affinityensemble.trainer.entity.MetaAdapter;
import org.affinityensemble.trainer.entity.StoredAdapter;
import org.affinityensemble.trainer.entity.TaskResult;
import org.affinityensemble.trainer.entity.TrainingRun;
import org.affinityensemble.training.run.MetaAdapterRun;
import org.affinityensemble.training.run.TaskSource;
import org.affinityensemble.training.run.TrainingRunSpec;
import org.affinityensemble.trainer.repository.DatasetRepository;
import org.affinityensemble.trainer.repository.EnsembleBuildRepository;
import org.affinityensemble.trainer.repository.MetaAdapterRepository;
import org.affinityensemble.trainer.service.MetaAdapters;
import org.affinityensemble.trainer.repository.StoredAdapterRepository;
import org.affinityensemble.trainer.repository.TrainingRunRepository;

/**
 * The durable state of training in PostgreSQL: builds (one per grouping version), runs and adapters. Every change
 * of state is one transaction here, so a restart finds each build, run and publication where it was; every method
 * is idempotent for a redelivered event.
 */
@ApplicationScoped
public class TrainingLedger {

    @Inject
    EnsembleBuildRepository builds;

    @Inject
    TrainingRunRepository runs;

    @Inject
    StoredAdapterRepository adapters;

    @Inject
    DatasetRepository datasets;

    @Inject
    MetaAdapterRepository metaAdapters;

    @Inject
    MetaAdapters starts;

    @Inject
    TrainingSettings settings;

    /**
     * What recording a grouping version did: whether it was new, and the runs it cancelled (unfinished runs of the
     * builds it superseded that the new build does not take over), which the executor should stop.
     */
    public record GroupingRecorded(boolean recorded, List<TrainingRun> cancelled) {

        static final GroupingRecorded SEEN_BEFORE = new GroupingRecorded(false, List.of());

        public GroupingRecorded {
            cancelled = List.copyOf(cancelled);
        }
    }

    /**
     * Records a grouping version as a build: an unchanged group keeps the adapter of the same tasks and data, or
     * takes over the unfinished run that is training it for an earlier build; every other group gets a PENDING
     * run. Older open builds are superseded, and their unfinished runs the new build does not take over are
     * cancelled (FAILED with {@link TrainingRun#CANCELLED}). A version handled before changes nothing. A grouping
     * naming a dataset that is not READY is recorded as FAILED.
     */
    @WithTransaction
    public Uni<GroupingRecorded> recordGrouping(GroupingUpdated event) {
        return builds.findById(event.groupingVersion()).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().item(GroupingRecorded.SEEN_BEFORE);
            }
            List<String> taskIds = event.groups().stream().flatMap(g -> g.tasks().stream()).distinct().toList();
            return datasets.list("id in ?1", taskIds).flatMap(found -> {
                EnsembleBuild build = newBuild(event);
                Map<String, Dataset> byId = new HashMap<>();
                found.forEach(d -> byId.put(d.id, d));
                List<String> missing = taskIds.stream().filter(id -> byId.get(id) == null
                        || byId.get(id).state != Dataset.State.READY).toList();
                if (!missing.isEmpty()) {
                    build.state = EnsembleBuild.State.FAILED;
                    build.failure = "datasets not ready: " + missing;
                    return builds.persist(build).replaceWith(new GroupingRecorded(true, List.of()));
                }
                build.tasks = taskIds.stream().map(id -> byId.get(id).source()).toList();
                return starts.start().flatMap(from -> planGroups(event, byId, from == null ? null : from.adapterId()))
                        .flatMap(planned -> {
                            build.groups = planned;
                            return supersedeOpenBuilds(build).flatMap(cancelled -> builds.persist(build)
                                    .replaceWith(new GroupingRecorded(true, cancelled)));
                        });
            });
        });
    }

    private static EnsembleBuild newBuild(GroupingUpdated event) {
        EnsembleBuild build = new EnsembleBuild();
        build.groupingVersion = event.groupingVersion();
        build.affinityVersion = event.affinityVersion();
        build.projectionId = event.projectionId();
        build.state = EnsembleBuild.State.TRAINING;
        build.groups = List.of();
        build.tasks = List.of();
        build.boostRuns = List.of();
        build.createdAt = Instant.now();
        return build;
    }

    private Uni<List<BuildGroup>> planGroups(GroupingUpdated event, Map<String, Dataset> byId,
            String startAdapterId) {
        Uni<List<BuildGroup>> groups = Uni.createFrom().item(new ArrayList<>());
        for (TaskGroup group : event.groups()) {
            groups = groups.flatMap(list -> planGroup(event, group, byId, startAdapterId).map(planned -> {
                list.add(planned);
                return list;
            }));
        }
        return groups;
    }

    private Uni<BuildGroup> planGroup(GroupingUpdated event, TaskGroup group, Map<String, Dataset> byId,
            String startAdapterId) {
        String key = membershipKey(group.tasks(), byId, startAdapterId);
        Uni<StoredAdapter> kept = event.changedGroups().contains(group.groupId()) ? Uni.createFrom().nullItem()
                : adapters.latestForMembership(group.groupId(), key);
        Uni<TrainingRun> inFlight = event.changedGroups().contains(group.groupId()) ? Uni.createFrom().nullItem()
                : runs.openGroupRun(group.groupId(), key);
        return kept.flatMap(adapter -> {
            if (adapter != null) {
                return Uni.createFrom().item(new BuildGroup(group.groupId(), group.tasks(), null, adapter.adapterId));
            }
            return inFlight.flatMap(open -> open != null
                    ? Uni.createFrom().item(new BuildGroup(group.groupId(), group.tasks(), open.runId, open.adapterId))
                    : newGroupRun(event, group, key));
        });
    }

    private Uni<BuildGroup> newGroupRun(GroupingUpdated event, TaskGroup group, String key) {
        TrainingRun run = newRun("v" + event.groupingVersion() + "-" + group.groupId(), event.groupingVersion(),
                group.groupId(), Kind.GROUP, group.tasks(), key, group.groupId() + "-v" + event.groupingVersion());
        return runs.persist(run).map(saved -> new BuildGroup(group.groupId(), group.tasks(), run.runId,
                run.adapterId));
    }

    /** Supersedes the open builds and cancels their unfinished runs that {@code successor} does not use. */
    private Uni<List<TrainingRun>> supersedeOpenBuilds(EnsembleBuild successor) {
        return builds.inStates(List.of(EnsembleBuild.State.TRAINING, EnsembleBuild.State.BOOSTING)).flatMap(open -> {
            Set<String> orphaned = new HashSet<>();
            for (EnsembleBuild build : open) {
                build.state = EnsembleBuild.State.SUPERSEDED;
                orphaned.addAll(build.runIds());
            }
            orphaned.removeAll(successor.runIds());
            return runs.byIds(orphaned).map(found -> {
                List<TrainingRun> cancelled = new ArrayList<>();
                for (TrainingRun run : found) {
                    if (!run.state.finished()) {
                        run.state = TrainingRun.State.FAILED;
                        run.message = TrainingRun.CANCELLED + "grouping " + successor.groupingVersion
                                + " superseded build " + run.groupingVersion + " and does not need this run";
                        run.finishedAt = Instant.now();
                        cancelled.add(run);
                    }
                }
                cancelled.sort(Comparator.comparing(run -> run.runId));
                return cancelled;
            });
        });
    }

    /** A new PENDING run (not persisted). */
    static TrainingRun newRun(String runId, long groupingVersion, String groupId, Kind kind, List<String> tasks,
            String membershipKey, String adapterId) {
        TrainingRun run = new TrainingRun();
        run.runId = runId;
        run.groupingVersion = groupingVersion;
        run.groupId = groupId;
        run.kind = kind;
        run.tasks = List.copyOf(tasks);
        run.membershipKey = membershipKey;
        run.adapterId = adapterId;
        run.attempt = 0;
        run.state = TrainingRun.State.PENDING;
        run.createdAt = Instant.now();
        return run;
    }

    /**
     * What a group adapter was trained on, {@code a@1,b@2}, and where it started when not at the LoRA
     * initialisation ({@code |from=meta-…}): an adapter is reused only for the same key.
     */
    static String membershipKey(List<String> tasks, Map<String, Dataset> byId, String startAdapterId) {
        String members = tasks.stream().sorted().map(id -> id + "@" + byId.get(id).revision)
                .reduce((a, b) -> a + "," + b).orElse("");
        return startAdapterId == null ? members : members + "|from=" + startAdapterId;
    }

    /** A build with its runs, or null. */
    @WithSession
    public Uni<BuildSnapshot> snapshot(long groupingVersion) {
        return builds.findById(groupingVersion).flatMap(build -> {
            if (build == null) {
                return Uni.createFrom().nullItem();
            }
            return runs.byIds(build.runIds()).map(found -> {
                Map<String, TrainingRun> byId = new LinkedHashMap<>();
                found.forEach(run -> byId.put(run.runId, run));
                return new BuildSnapshot(build, byId);
            });
        });
    }

    /** The grouping versions of builds still training. */
    @WithSession
    public Uni<List<Long>> openBuilds() {
        return builds.inStates(List.of(EnsembleBuild.State.TRAINING, EnsembleBuild.State.BOOSTING))
                .map(list -> list.stream().map(b -> b.groupingVersion).toList());
    }

    @WithSession
    public Uni<List<TrainingRun>> runningRuns() {
        return runs.inState(TrainingRun.State.RUNNING);
    }

    /** Notes that an attempt of a run was started (never moves a run backwards). */
    @WithTransaction
    public Uni<Void> markStarted(String runId, int attempt) {
        return runs.findById(runId).invoke(run -> {
            if (run != null && !run.state.finished() && attempt >= run.attempt) {
                run.attempt = attempt;
                run.state = TrainingRun.State.RUNNING;
                run.startedAt = Instant.now();
            }
        }).replaceWithVoid();
    }

    /**
     * Applies a run's result: the first SUCCEEDED result of an unfinished (or cancelled, but trained all the same)
     * run completes it and registers its adapter; a FAILED result of its current (or a later) attempt fails it;
     * anything else is a duplicate and ignored. Returns whether it changed the run.
     */
    @WithTransaction
    public Uni<Boolean> recordResult(TrainingResult result) {
        return runs.findById(result.runId()).flatMap(run -> {
            boolean trainedAfterAll = run != null && run.wasCancelled()
                    && result.status() == TrainingResult.Status.SUCCEEDED;
            if (run == null || run.state.finished() && !trainedAfterAll) {
                return Uni.createFrom().item(false);
            }
            run.metrics = result.metrics();
            run.message = result.message();
            run.finishedAt = Instant.now();
            if (result.status() == TrainingResult.Status.FAILED) {
                if (result.attempt() < run.attempt) {
                    return Uni.createFrom().item(false);
                }
                run.state = TrainingRun.State.FAILED;
                return Uni.createFrom().item(true);
            }
            run.state = TrainingRun.State.SUCCEEDED;
            run.attempt = Math.max(run.attempt, result.attempt());
            return (run.kind == Kind.META ? recordMetaAdapter(run, result) : recordAdapter(run, result))
                    .replaceWith(true);
        });
    }

    /** A group or boosting adapter trained: registered once, whatever the duplicates of its result. */
    private Uni<Void> recordAdapter(TrainingRun run, TrainingResult result) {
        return adapters.findById(run.adapterId).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            StoredAdapter adapter = new StoredAdapter();
            adapter.adapterId = run.adapterId;
            adapter.kind = run.kind;
            adapter.groupId = run.groupId;
            adapter.tasks = run.tasks;
            adapter.membershipKey = run.membershipKey;
            adapter.prefix = prefixOf(run, result);
            adapter.runId = run.runId;
            adapter.groupingVersion = run.groupingVersion;
            adapter.metrics = result.metrics();
            adapter.createdAt = Instant.now();
            return adapters.persist(adapter).replaceWithVoid();
        });
    }

    /** θ* trained: gradients are taken at it and adapters start from it from now on (its one record). */
    private Uni<Void> recordMetaAdapter(TrainingRun run, TrainingResult result) {
        return metaAdapters.findById(run.adapterId).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            MetaAdapter meta = new MetaAdapter();
            meta.adapterId = run.adapterId;
            meta.prefix = prefixOf(run, result);
            meta.datasets = List.of(run.membershipKey.split(","));
            meta.trainExamples = result.metrics().getOrDefault("train_examples", 0.0).longValue();
            meta.metrics = result.metrics();
            meta.epochs = settings.metaInitEpochs();
            meta.frozenA = settings.metaInitFreezeA();
            meta.runId = run.runId;
            meta.createdAt = Instant.now();
            return metaAdapters.persist(meta).replaceWithVoid();
        });
    }

    private static String prefixOf(TrainingRun run, TrainingResult result) {
        return result.adapterPrefix() != null ? result.adapterPrefix() : StorageLayout.adapterPrefix(run.adapterId);
    }

    /**
     * Claims the run of a meta-initialisation θ* ({@link MetaAdapterRun}) for an attempt, or returns null when none
     * should start: while a θ* run is unfinished (this one or another), after this one SUCCEEDED, and after it
     * FAILED unless {@code retryFailed}. A claimed run is RUNNING at its next attempt before the executor starts it,
     * so two passes never start it twice, and a crash before the start is resumed like any running run.
     */
    @WithTransaction
    public Uni<TrainingRun> claimMetaRun(TrainingRunSpec spec, boolean retryFailed) {
        return runs.list("kind = ?1 and state in ?2", Kind.META,
                List.of(TrainingRun.State.PENDING, TrainingRun.State.RUNNING)).flatMap(open -> {
                    if (!open.isEmpty()) {
                        return Uni.createFrom().nullItem();
                    }
                    return runs.findById(spec.runId()).flatMap(existing -> {
                        if (existing != null) {
                            if (existing.state != TrainingRun.State.FAILED || !retryFailed) {
                                return Uni.createFrom().nullItem();
                            }
                            existing.message = null;
                            existing.metrics = null;
                            return Uni.createFrom().item(claim(existing, existing.attempt + 1));
                        }
                        TrainingRun run = newRun(spec.runId(), 0, spec.groupId(), Kind.META,
                                spec.tasks().stream().map(TaskSource::taskId).toList(),
                                String.join(",", MetaAdapterRun.datasets(spec.tasks())), spec.adapterId());
                        return runs.persist(claim(run, 1));
                    });
                });
    }

    private static TrainingRun claim(TrainingRun run, int attempt) {
        run.state = TrainingRun.State.RUNNING;
        run.attempt = attempt;
        run.startedAt = Instant.now();
        run.finishedAt = null;
        return run;
    }

    /** The newest run of a meta-initialisation, or null. */
    @WithSession
    public Uni<TrainingRun> latestMetaRun() {
        return runs.find("kind = ?1", Sort.descending("createdAt"), Kind.META).firstResult();
    }

    /** Adds a boosting run to a build (idempotent by run id) and moves it to BOOSTING. */
    @WithTransaction
    public Uni<Void> addBoostRun(long groupingVersion, TrainingRun run) {
        return builds.findById(groupingVersion).flatMap(build -> {
            if (build == null || !build.state.open() || build.boostRuns.contains(run.runId)) {
                return Uni.createFrom().voidItem();
            }
            List<String> boostRuns = new ArrayList<>(build.boostRuns);
            boostRuns.add(run.runId);
            build.boostRuns = boostRuns;
            build.state = EnsembleBuild.State.BOOSTING;
            return runs.persist(run).replaceWithVoid();
        });
    }

    @WithTransaction
    public Uni<Void> fail(long groupingVersion, String reason) {
        return builds.findById(groupingVersion).invoke(build -> {
            if (build != null && build.state.open()) {
                build.state = EnsembleBuild.State.FAILED;
                build.failure = reason;
            }
        }).replaceWithVoid();
    }

    /** The build's ensemble version, assigned (next free number) on the first call. */
    @WithTransaction
    public Uni<Long> reserveEnsembleVersion(long groupingVersion) {
        return builds.findById(groupingVersion).flatMap(build -> {
            if (build.ensembleVersion != null) {
                return Uni.createFrom().item(build.ensembleVersion);
            }
            return builds.highestEnsembleVersion().map(highest -> {
                build.ensembleVersion = highest + 1;
                return build.ensembleVersion;
            });
        });
    }

    /** The manifest is stored: the build becomes READY for publication (only from an open state). */
    @WithTransaction
    public Uni<Boolean> markReady(long groupingVersion, String manifestKey, Map<String, TaskResult> scores) {
        return builds.findById(groupingVersion).map(build -> {
            if (build == null || !build.state.open()) {
                return false;
            }
            build.state = EnsembleBuild.State.READY;
            build.manifestKey = manifestKey;
            build.scores = scores;
            build.readyAt = Instant.now();
            return true;
        });
    }

    @WithSession
    public Uni<List<EnsembleBuild>> readyForPublication() {
        return builds.readyInVersionOrder();
    }

    @WithTransaction
    public Uni<Void> markPublished(long groupingVersion) {
        return builds.findById(groupingVersion).invoke(build -> {
            if (build != null && build.state == EnsembleBuild.State.READY) {
                build.state = EnsembleBuild.State.PUBLISHED;
                build.publishedAt = Instant.now();
            }
        }).replaceWithVoid();
    }

    @WithSession
    public Uni<List<EnsembleBuild>> allBuilds() {
        return builds.listAll(Sort.by("groupingVersion"));
    }

    @WithSession
    public Uni<EnsembleBuild> build(long groupingVersion) {
        return builds.findById(groupingVersion);
    }

    @WithSession
    public Uni<EnsembleBuild> buildOfEnsemble(long ensembleVersion) {
        return builds.byEnsembleVersion(ensembleVersion);
    }

    @WithSession
    public Uni<List<TrainingRun>> allRuns() {
        return runs.listAll(Sort.by("createdAt"));
    }

    @WithSession
    public Uni<TrainingRun> run(String runId) {
        return runs.findById(runId);
    }

    @WithSession
    public Uni<List<StoredAdapter>> allAdapters() {
        return adapters.listAll(Sort.by("createdAt"));
    }

    @WithSession
    public Uni<StoredAdapter> adapter(String adapterId) {
        return adapters.findById(adapterId);
    }

    @WithSession
    public Uni<List<StoredAdapter>> adapters(List<String> adapterIds) {
        return adapterIds.isEmpty() ? Uni.createFrom().item(List.of())
                : adapters.list("adapterId in ?1", adapterIds).map(list -> list.stream()
                        .sorted(Comparator.comparingInt(a -> adapterIds.indexOf(a.adapterId))).toList());
    }
}
