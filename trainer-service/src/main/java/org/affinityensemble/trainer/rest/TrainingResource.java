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
import org.affinityensemble.trainer.datasets.Dataset;
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
import org.affinityensemble.training.run.MetaRetrainPolicy;
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
     * {@code failed} (its run failed for good: {@code message}), {@code ready} at {@code adapterId}, or
     * {@code retraining} (gradients are still taken at {@code adapterId} while run {@code runId} trains the next θ*
     * on every ready dataset, ADR 0110). {@code seenDatasets} of the {@code readyDatasets} are ones θ* was trained on;
     * {@code unseenShare} is the share of the ready training examples it has not seen, and a new θ* is trained when
     * it reaches {@code retrainShare} (0: never).
     */
    public record StartView(String state, String adapterId, String runId, String message, int epochs,
            int minDatasets, boolean frozenA, long readyDatasets, long seenDatasets, double unseenShare,
            double retrainShare) {
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
                .map(run -> startView(settings, ready, meta, run))));
    }

    /** Where the system stands, from the ready datasets, the newest θ* and the newest θ* run (either may be null). */
    static StartView startView(TrainingSettings settings, List<Dataset> ready, MetaAdapter meta, TrainingRun run) {
        boolean on = settings.metaInitialised();
        boolean open = run != null && !run.state.finished();
        String state = !on ? "lora-init"
                : meta != null ? (open && !run.adapterId.equals(meta.adapterId) ? "retraining" : "ready")
                : run == null ? "waiting"
                : run.state == TrainingRun.State.FAILED ? "failed"
                : run.state.finished() ? "waiting" : "training";
        MetaRetrainPolicy.Decision unseen = on && meta != null
                ? MetaAdapterLedger.unseen(settings.metaRetrainPolicy(), ready, meta) : null;
        return new StartView(state, on && meta != null ? meta.adapterId : null, on && run != null ? run.runId : null,
                on && run != null && run.state == TrainingRun.State.FAILED ? run.message : null,
                settings.metaInitEpochs(), settings.metaInitMinDatasets(), settings.metaInitFreezeA(), ready.size(),
                unseen == null ? 0 : ready.size() - unseen.unseenDatasets(), unseen == null ? 0 : unseen.unseenShare(),
                on ? settings.metaRetrainPolicy().share() : 0);
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
