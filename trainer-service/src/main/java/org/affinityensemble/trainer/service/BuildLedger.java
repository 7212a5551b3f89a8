package org.affinityensemble.trainer.service;

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
import org.affinityensemble.storage.EnsembleManifest.AdapterEntry.Kind;
import org.affinityensemble.trainer.datasets.Dataset;
import org.affinityensemble.trainer.datasets.DatasetRepository;
import org.affinityensemble.trainer.entity.BuildGroup;
import org.affinityensemble.trainer.entity.EnsembleBuild;
import org.affinityensemble.trainer.entity.StoredAdapter;
import org.affinityensemble.trainer.entity.TaskResult;
import org.affinityensemble.trainer.entity.TrainingRun;
import org.affinityensemble.trainer.repository.EnsembleBuildRepository;
import org.affinityensemble.trainer.repository.StoredAdapterRepository;
import org.affinityensemble.trainer.repository.TrainingRunRepository;

/**
 * Builds in PostgreSQL, one per grouping version, from the grouping to the published ensemble (the outbox of
 * ensemble versions). Every change is one transaction, so a restart finds each build where it was, and every
 * method is idempotent for a redelivered event; the rules of a change are the build's own ({@link EnsembleBuild}).
 */
@ApplicationScoped
public class BuildLedger {

    @Inject
    EnsembleBuildRepository builds;

    @Inject
    TrainingRunRepository runs;

    @Inject
    StoredAdapterRepository adapters;

    @Inject
    DatasetRepository datasets;

    @Inject
    MetaAdapterLedger starts;

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
    public Uni<GroupingRecorded> recordGrouping(GroupingUpdated event, String traceParent) {
        return builds.findById(event.groupingVersion()).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().item(GroupingRecorded.SEEN_BEFORE);
            }
            List<String> taskIds = event.groups().stream().flatMap(g -> g.tasks().stream()).distinct().toList();
            return datasets.list("id in ?1", taskIds).flatMap(found -> {
                EnsembleBuild build = EnsembleBuild.training(event.groupingVersion(), event.affinityVersion(),
                        event.projectionId(), Instant.now());
                build.traceParent = traceParent;
                Map<String, Dataset> byId = new HashMap<>();
                found.forEach(d -> byId.put(d.id, d));
                List<String> missing = taskIds.stream().filter(id -> byId.get(id) == null
                        || byId.get(id).state != Dataset.State.READY).toList();
                if (!missing.isEmpty()) {
                    build.fail("datasets not ready: " + missing);
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
        Map<String, Integer> revisions = new HashMap<>();
        group.tasks().forEach(id -> revisions.put(id, byId.get(id).revision));
        String key = membershipKey(revisions, startAdapterId);
        boolean changed = event.changedGroups().contains(group.groupId());
        Uni<StoredAdapter> kept = changed ? Uni.createFrom().nullItem() : adapters.latestForMembership(group.groupId(),
                key);
        Uni<TrainingRun> inFlight = changed ? Uni.createFrom().nullItem() : runs.openGroupRun(group.groupId(), key);
        return kept.flatMap(adapter -> {
            if (adapter != null) {
                return Uni.createFrom().item(new BuildGroup(group.groupId(), group.tasks(), null, adapter.adapterId));
            }
            return inFlight.flatMap(open -> {
                if (open != null) {
                    return Uni.createFrom().item(new BuildGroup(group.groupId(), group.tasks(), open.runId,
                            open.adapterId));
                }
                TrainingRun run = TrainingRun.pending("v" + event.groupingVersion() + "-" + group.groupId(),
                        event.groupingVersion(), group.groupId(), Kind.GROUP, group.tasks(), key,
                        group.groupId() + "-v" + event.groupingVersion(), Instant.now());
                return runs.persist(run).map(saved -> new BuildGroup(group.groupId(), group.tasks(), run.runId,
                        run.adapterId));
            });
        });
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
                    if (run.cancel("grouping " + successor.groupingVersion + " superseded build "
                            + run.groupingVersion + " and does not need this run", Instant.now())) {
                        cancelled.add(run);
                    }
                }
                cancelled.sort(Comparator.comparing(run -> run.runId));
                return cancelled;
            });
        });
    }

    /**
     * What a group adapter was trained on, {@code a@1,b@2} (tasks sorted, with their data revisions), and where it
     * started when not at the LoRA initialisation ({@code |from=meta-…}): an adapter is reused only for the same key.
     */
    static String membershipKey(Map<String, Integer> revisions, String startAdapterId) {
        String members = revisions.keySet().stream().sorted().map(id -> id + "@" + revisions.get(id))
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

    /** Adds a boosting run to a build (idempotent by run id) and moves it to BOOSTING. */
    @WithTransaction
    public Uni<Void> addBoostRun(long groupingVersion, TrainingRun run) {
        return builds.findById(groupingVersion).flatMap(build -> build != null && build.addBoostRun(run.runId)
                ? runs.persist(run).replaceWithVoid() : Uni.createFrom().voidItem());
    }

    @WithTransaction
    public Uni<Void> fail(long groupingVersion, String reason) {
        return builds.findById(groupingVersion).invoke(build -> {
            if (build != null) {
                build.fail(reason);
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
    public Uni<Boolean> markReady(long groupingVersion, String manifestKey, Map<String, TaskResult> scores,
            List<String> boostDecisions) {
        return builds.findById(groupingVersion).map(build -> build != null
                && build.markReady(manifestKey, scores, boostDecisions, Instant.now()));
    }

    @WithSession
    public Uni<List<EnsembleBuild>> readyForPublication() {
        return builds.readyInVersionOrder();
    }

    @WithTransaction
    public Uni<Void> markPublished(long groupingVersion) {
        return builds.findById(groupingVersion).invoke(build -> {
            if (build != null) {
                build.markPublished(Instant.now());
            }
        }).replaceWithVoid();
    }

    @WithSession
    public Uni<List<EnsembleBuild>> all() {
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
}
