package org.affinityensemble.trainer.rest;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.affinityensemble.trainer.config.TrainingSettings;
import org.affinityensemble.trainer.datasets.DatasetRegistry;
import org.affinityensemble.trainer.entity.BuildGroup;
import org.affinityensemble.trainer.entity.EnsembleBuild;
import org.affinityensemble.trainer.entity.MetaAdapter;
import org.affinityensemble.trainer.entity.StoredAdapter;
import org.affinityensemble.trainer.entity.TaskResult;
import org.affinityensemble.trainer.entity.TrainingRun;
import org.affinityensemble.trainer.service.AdapterLedger;
import org.affinityensemble.trainer.service.BuildLedger;
import org.affinityensemble.trainer.service.MetaAdapterLedger;
import org.affinityensemble.trainer.service.RunLedger;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Training over HTTP, read-only (groupings arrive through Kafka): builds, runs, adapters and the meta-initialisation. */
@Path("/v1/training")
@Produces(MediaType.APPLICATION_JSON)
public class TrainingResource {

    /** A build: one grouping version on its way to an ensemble version. */
    public record BuildView(long groupingVersion, long affinityVersion, String projectionId, String state,
            List<BuildGroup> groups, List<String> boostRuns, Long ensembleVersion, String manifestKey,
            Map<String, TaskResult> scores, String failure, List<String> boostDecisions, Instant createdAt,
            Instant readyAt, Instant publishedAt) {

        static BuildView of(EnsembleBuild b) {
            return new BuildView(b.groupingVersion, b.affinityVersion, b.projectionId, b.state.name(), b.groups,
                    b.boostRuns, b.ensembleVersion, b.manifestKey, b.scores, b.failure,
                    b.boostDecisions == null ? List.of() : b.boostDecisions, b.createdAt, b.readyAt, b.publishedAt);
        }
    }

    /** A training run and its current attempt. */
    public record RunView(String runId, long groupingVersion, String groupId, String kind, List<String> tasks,
            String adapterId, int attempt, String state, Map<String, Double> metrics, String message,
            Instant createdAt, Instant startedAt, Instant finishedAt) {

        static RunView of(TrainingRun r) {
            return new RunView(r.runId, r.groupingVersion, r.groupId, r.kind.name(), r.tasks, r.adapterId, r.attempt,
                    r.state.name(), r.metrics, r.message, r.createdAt, r.startedAt, r.finishedAt);
        }
    }

    /** A stored adapter. */
    public record AdapterView(String adapterId, String kind, String groupId, List<String> tasks, String prefix,
            String runId, long groupingVersion, Map<String, Double> metrics, Instant createdAt) {

        static AdapterView of(StoredAdapter a) {
            return new AdapterView(a.adapterId, a.kind.name(), a.groupId, a.tasks, a.prefix, a.runId,
                    a.groupingVersion, a.metrics, a.createdAt);
        }
    }

    /** A meta-initialisation θ*: what it was trained on, where it is stored, and its training losses. */
    public record MetaAdapterView(String adapterId, String prefix, List<String> datasets, boolean frozenA, int epochs,
            long trainExamples, Map<String, Double> metrics, Instant createdAt) {

        static MetaAdapterView of(MetaAdapter m) {
            return new MetaAdapterView(m.adapterId, m.prefix, m.datasets, m.frozenA, m.epochs, m.trainExamples,
                    m.metrics, m.createdAt);
        }
    }

    /**
     * Where gradients are taken and adapters start: {@code lora-init} (no meta-initialisation configured),
     * {@code waiting} (for {@code minDatasets} ready datasets), {@code training} θ* (run {@code runId}),
     * {@code failed} (its run failed for good: {@code message}), or {@code ready} at {@code adapterId}.
     */
    public record StartView(String state, String adapterId, String runId, String message, int epochs,
            int minDatasets, boolean frozenA, long readyDatasets) {
    }

    @Inject
    BuildLedger builds;

    @Inject
    RunLedger runs;

    @Inject
    AdapterLedger adapters;

    @Inject
    TrainingSettings settings;

    @Inject
    DatasetRegistry registry;

    @Inject
    MetaAdapterLedger metaAdapters;

    @GET
    @Path("start")
    @Operation(summary = "Where gradients are taken and adapters start: the LoRA initialisation or the meta-initialisation")
    public Uni<StartView> start() {
        return registry.readyDatasets().flatMap(ready -> metaAdapters.current().flatMap(meta -> runs.latestMetaRun()
                .map(run -> {
                    boolean on = settings.metaInitialised();
                    String state = !on ? "lora-init" : meta != null ? "ready" : run == null ? "waiting"
                            : run.state == TrainingRun.State.FAILED ? "failed"
                            : run.state.finished() ? "waiting" : "training";
                    return new StartView(state, on && meta != null ? meta.adapterId : null,
                            on && run != null ? run.runId : null,
                            on && run != null && run.state == TrainingRun.State.FAILED ? run.message : null,
                            settings.metaInitEpochs(), settings.metaInitMinDatasets(), settings.metaInitFreezeA(),
                            ready.size());
                })));
    }

    @GET
    @Path("meta-adapters")
    @Operation(summary = "The meta-initialisation gradients are taken at and adapters start from (none while meta-init.epochs=0)")
    public Uni<List<MetaAdapterView>> metaAdapters() {
        return metaAdapters.all().map(all -> all.stream().map(MetaAdapterView::of).toList());
    }

    @GET
    @Path("builds")
    @Operation(summary = "Every build (one per grouping version), oldest first")
    public Uni<List<BuildView>> builds() {
        return builds.all().map(all -> all.stream().map(BuildView::of).toList());
    }

    @GET
    @Path("builds/{groupingVersion}")
    @Operation(summary = "One build: groups, runs, state, scores")
    public Uni<BuildView> build(@PathParam("groupingVersion") long groupingVersion) {
        return builds.build(groupingVersion).map(build -> {
            if (build == null) {
                throw new NotFoundException("no build for grouping version " + groupingVersion);
            }
            return BuildView.of(build);
        });
    }

    @GET
    @Path("runs")
    @Operation(summary = "Every training run, oldest first")
    public Uni<List<RunView>> runs() {
        return runs.all().map(all -> all.stream().map(RunView::of).toList());
    }

    @GET
    @Path("runs/{runId}")
    @Operation(summary = "One training run")
    public Uni<RunView> run(@PathParam("runId") String runId) {
        return runs.run(runId).map(run -> {
            if (run == null) {
                throw new NotFoundException("no run " + runId);
            }
            return RunView.of(run);
        });
    }

    @GET
    @Path("adapters")
    @Operation(summary = "Every stored adapter")
    public Uni<List<AdapterView>> adapters() {
        return adapters.all().map(all -> all.stream().map(AdapterView::of).toList());
    }

    @GET
    @Path("adapters/{adapterId}")
    @Operation(summary = "One stored adapter")
    public Uni<AdapterView> adapter(@PathParam("adapterId") String adapterId) {
        return adapters.adapter(adapterId).map(adapter -> {
            if (adapter == null) {
                throw new NotFoundException("no adapter " + adapterId);
            }
            return AdapterView.of(adapter);
        });
    }
}
