package org.affinityensemble.inference.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.affinityensemble.events.AffinityUpdated;
import org.affinityensemble.events.DatasetReady;
import org.affinityensemble.events.EnsemblePublished;
import org.affinityensemble.events.GradientsCompleted;
import org.affinityensemble.events.GroupingUpdated;
import org.affinityensemble.events.Split;
import org.affinityensemble.serving.LoadedEnsemble;
import org.affinityensemble.storage.EnsembleManifest;

/**
 * The pipeline as the events on its topics describe it, for the dashboard: services talk only through Kafka,
 * so the inference-service rebuilds this view by reading every topic from its beginning. Keeps the newest
 * revision of each dataset and of its gradients, the newest affinity matrix and grouping, and the newest
 * published ensemble version; events older than what is kept are ignored, so redeliveries and any order of
 * arrival give the same view. Thread-safe.
 */
public final class PipelineView {

    private final Map<String, DatasetReady> datasets = new TreeMap<>();
    private final Map<String, GradientsCompleted> gradients = new HashMap<>();
    private AffinityUpdated affinity;
    private GroupingUpdated grouping;
    private EnsemblePublished published;

    public synchronized void datasetReady(DatasetReady event) {
        datasets.merge(event.datasetId(), event, (old, now) -> now.revision() >= old.revision() ? now : old);
    }

    public synchronized void gradientsCompleted(GradientsCompleted event) {
        gradients.merge(event.datasetId(), event, (old, now) -> now.revision() >= old.revision() ? now : old);
    }

    public synchronized void affinityUpdated(AffinityUpdated event) {
        if (affinity == null || event.affinityVersion() >= affinity.affinityVersion()) {
            affinity = event;
        }
    }

    public synchronized void groupingUpdated(GroupingUpdated event) {
        if (grouping == null || event.groupingVersion() >= grouping.groupingVersion()) {
            grouping = event;
        }
    }

    public synchronized void ensemblePublished(EnsemblePublished event) {
        if (published == null || event.ensembleVersion() >= published.ensembleVersion()) {
            published = event;
        }
    }

    /**
     * The view now.
     *
     * @param serving the manifest of the ensemble serving, or null
     * @param loadError the last load error, or null
     */
    public synchronized DashboardSnapshot snapshot(EnsembleManifest serving, LoadError loadError) {
        List<DashboardSnapshot.Dataset> datasetViews = new ArrayList<>();
        for (DatasetReady ready : datasets.values()) {
            GradientsCompleted done = gradients.get(ready.datasetId());
            datasetViews.add(new DashboardSnapshot.Dataset(ready.datasetId(), ready.revision(), ready.description(),
                    ready.labels(), ready.count(Split.TRAIN), ready.count(Split.VALIDATION), ready.count(Split.TEST),
                    done == null ? null : new DashboardSnapshot.Gradients(done.revision(), done.projection().id(),
                            done.shardCount(), done.examples())));
        }
        DashboardSnapshot.Affinity affinityView = affinity == null ? null : new DashboardSnapshot.Affinity(
                affinity.affinityVersion(), affinity.projectionId(), affinity.tasks(), affinity.matrix(),
                affinity.subsets(), affinity.metric());
        DashboardSnapshot.Grouping groupingView = grouping == null ? null : new DashboardSnapshot.Grouping(
                grouping.groupingVersion(), grouping.affinityVersion(), grouping.method(), grouping.objective(),
                grouping.groups().stream().map(g -> new DashboardSnapshot.Group(g.groupId(), g.tasks())).toList());
        return new DashboardSnapshot(datasetViews, affinityView, groupingView, ensembleView(serving, loadError),
                progress(serving));
    }

    private DashboardSnapshot.Ensemble ensembleView(EnsembleManifest serving, LoadError loadError) {
        if (published == null && serving == null && loadError == null) {
            return null;
        }
        List<DashboardSnapshot.Adapter> adapters = new ArrayList<>();
        List<DashboardSnapshot.TaskWeights> tasks = new ArrayList<>();
        if (serving != null) {
            serving.adapters().forEach(a -> adapters.add(new DashboardSnapshot.Adapter(a.adapterId(),
                    a.kind().name(), a.groupId(), a.tasks(), new TreeMap<>(a.metrics()))));
            serving.tasks().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(t -> tasks.add(new DashboardSnapshot.TaskWeights(t.getKey(), t.getValue().labels(),
                            weightsWithProbe(t.getValue()), t.getValue().validationAccuracy(),
                            t.getValue().testAccuracy())));
        }
        return new DashboardSnapshot.Ensemble(published == null ? null : published.ensembleVersion(),
                serving == null ? null : serving.ensembleVersion(),
                serving != null ? serving.baseModelId() : published == null ? null : published.baseModelId(),
                serving == null ? null : serving.groupingVersion(), adapters, tasks, loadError,
                serving == null || serving.start() == null ? null : new DashboardSnapshot.Start(
                        serving.start().adapterId(), serving.start().datasets(), serving.start().unseenShare(),
                        serving.start().retrainShare()));
    }

    private List<DashboardSnapshot.Stage> progress(EnsembleManifest serving) {
        Set<String> known = new LinkedHashSet<>(datasets.keySet());
        if (affinity != null) {
            known.addAll(affinity.tasks());
        }
        if (grouping != null) {
            grouping.groups().forEach(g -> known.addAll(g.tasks()));
        }
        if (serving != null) {
            known.addAll(serving.tasks().keySet());
        }
        int total = known.size();
        long withGradients = datasets.values().stream().filter(d -> {
            GradientsCompleted done = gradients.get(d.datasetId());
            return done != null && done.revision() >= d.revision();
        }).count();
        int grouped = grouping == null ? 0 : grouping.groups().stream().mapToInt(g -> g.tasks().size()).sum();
        List<DashboardSnapshot.Stage> stages = new ArrayList<>();
        stages.add(new DashboardSnapshot.Stage("datasets", datasets.size(), total,
                datasets.size() + " ready"));
        stages.add(new DashboardSnapshot.Stage("gradients", (int) withGradients, total,
                withGradients + " complete"));
        stages.add(new DashboardSnapshot.Stage("affinity", affinity == null ? 0 : affinity.tasks().size(), total,
                affinity == null ? "none yet" : "v" + affinity.affinityVersion() + ", " + affinity.subsets()
                        + " subsets"));
        stages.add(new DashboardSnapshot.Stage("grouping", grouped, total, grouping == null ? "none yet"
                : "v" + grouping.groupingVersion() + ", " + grouping.groups().size() + " groups"));
        String ensembleDetail = serving == null ? "none serving" : "v" + serving.ensembleVersion() + " serving";
        if (published != null && (serving == null || published.ensembleVersion() > serving.ensembleVersion())) {
            ensembleDetail += ", v" + published.ensembleVersion() + " published";
        }
        stages.add(new DashboardSnapshot.Stage("ensemble", serving == null ? 0 : serving.tasks().size(), total,
                ensembleDetail));
        return stages;
    }

    /** A task's adapter weights, and its probe member's α under {@link LoadedEnsemble#PROBE_MEMBER} (ADR 0124). */
    private static Map<String, Double> weightsWithProbe(EnsembleManifest.TaskEntry task) {
        Map<String, Double> weights = new TreeMap<>(task.weights());
        if (task.probe() != null) {
            weights.put(LoadedEnsemble.PROBE_MEMBER, task.probe().weight());
        }
        return weights;
    }
}
