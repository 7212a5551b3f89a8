package org.affinityensemble.trainer.service;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.affinityensemble.events.StartAdapter;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.quarkus.Traces;
import org.affinityensemble.storage.EnsembleManifest.AdapterEntry.Kind;
import org.affinityensemble.storage.EnsembleManifest;
import org.affinityensemble.storage.ObjectStore;
import org.affinityensemble.storage.StorageLayout;
import org.affinityensemble.trainer.config.TrainerConfig;
import org.affinityensemble.trainer.config.TrainingSettings;
import org.affinityensemble.trainer.datasets.Dataset;
import org.affinityensemble.trainer.datasets.DatasetRegistry;
import org.affinityensemble.trainer.entity.BuildGroup;
import org.affinityensemble.trainer.entity.EnsembleBuild;
import org.affinityensemble.trainer.entity.MetaAdapter;
import org.affinityensemble.trainer.entity.StoredAdapter;
import org.affinityensemble.trainer.entity.TaskResult;
import org.affinityensemble.trainer.entity.TrainingRun;
import org.affinityensemble.trainer.execution.TrainingExecutor;
import org.affinityensemble.training.EnsembleMember;
import org.affinityensemble.training.EnsembleProcedure;
import org.affinityensemble.training.ProbeMixture;
import org.affinityensemble.training.TaskData;
import org.affinityensemble.training.TaskScore;
import org.affinityensemble.training.TrainedMember;
import org.affinityensemble.training.run.MetaRetrainPolicy;
import org.affinityensemble.training.run.StoredExample;
import org.affinityensemble.training.run.StoredSplits;
import org.affinityensemble.training.run.TaskSource;
import org.affinityensemble.training.run.TrainingRunSpec;
import org.jboss.logging.Logger;

/**
 * Drives each build from its grouping to a published ensemble, on one thread of its own (model work and blocking
 * calls stay off the event loop; builds advance one at a time). {@link #schedule} asks for a build to be advanced;
 * advancing is idempotent and reads everything from the ledger, so it is safe after a restart or a duplicate
 * event. One advance does the next thing the build's state allows:
 * <ol>
 *   <li>stores the spec of every PENDING run and starts it;</li>
 *   <li>fails the build when a group run failed for good;</li>
 *   <li>once every group adapter exists: while boosting steps remain, plans the next boosting run on the group
 *       with the highest training loss under the ensemble so far (weights learned on validation data);</li>
 *   <li>once boosting is done: learns the final weights, scores every task, reserves the ensemble version, writes
 *       the manifest and marks the build READY; the publisher then sends the event.</li>
 * </ol>
 */
@ApplicationScoped
public class EnsembleBuilder {

    private static final Logger LOG = Logger.getLogger(EnsembleBuilder.class);

    @Inject
    BuildLedger builds;

    @Inject
    RunLedger runs;

    @Inject
    AdapterLedger adapters;

    @Inject
    TrainingExecutor executor;

    @Inject
    Traces traces;

    @Inject
    ObjectStore store;

    @Inject
    TrainerConfig config;

    @Inject
    TrainingSettings settings;

    @Inject
    EnsembleEvaluation evaluation;

    @Inject
    EnsemblePublisher publisher;

    @Inject
    MetaAdapterLedger metaAdapters;

    @Inject
    DatasetRegistry registry;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ensemble-builder");
        thread.setDaemon(true);
        return thread;
    });

    /** Asks for a build to be advanced (asynchronously, in order with every other request). */
    public void schedule(long groupingVersion) {
        worker.submit(() -> {
            try {
                advance(groupingVersion);
            } catch (RuntimeException e) {
                LOG.errorf(e, "advancing the build of grouping %d failed; it is retried on the next event or restart",
                        groupingVersion);
            }
        });
    }

    /**
     * Asks the executor to stop runs the ledger cancelled (asynchronously: stopping a Kubernetes Job is a blocking
     * call). Best effort: a run already training in this process finishes, and its adapter is still registered.
     */
    public void cancel(List<TrainingRun> runs) {
        for (TrainingRun run : runs) {
            worker.submit(() -> {
                try {
                    executor.cancel(run.runId);
                    LOG.infof("run %s stopped: %s", run.runId, run.message);
                } catch (RuntimeException e) {
                    LOG.warnf(e, "run %s could not be stopped; its result, if any, is still recorded", run.runId);
                }
            });
        }
    }

    /**
     * After a (re)start: takes over the runs recorded as running, advances every open build, and publishes what
     * was ready but not yet sent.
     */
    public void recover() {
        worker.submit(() -> {
            try {
                for (TrainingRun run : Awaited.await(runs::runningRuns)) {
                    LOG.infof("resuming run %s (attempt %d)", run.runId, run.attempt);
                    executor.resume(run.runId, run.groupId, run.attempt);
                }
                Awaited.await(builds::openBuilds).forEach(this::schedule);
                publisher.publishReady();
            } catch (RuntimeException e) {
                LOG.error("recovery after start-up failed", e);
            }
        });
    }

    /**
     * Advances every open build and publishes what is ready (asynchronously, in order with every other request): what
     * waited on a dependency that has come back goes on without a new event. Safe to repeat (ADR 0072).
     */
    public void resumeWaiting() {
        worker.submit(() -> {
            try {
                for (long groupingVersion : Awaited.await(builds::openBuilds)) {
                    advance(groupingVersion);
                }
                publisher.publishReady();
            } catch (RuntimeException e) {
                LOG.warnf("resuming waiting builds failed (%s); tried again on the next tick", e.toString());
            }
        });
    }

    void advance(long groupingVersion) {
        BuildSnapshot snapshot = Awaited.await(() -> builds.snapshot(groupingVersion));
        if (snapshot == null || !snapshot.build().state.open()) {
            return;
        }
        try (Traces.Continued trace = traces.resume(snapshot.build().traceParent, "build of grouping "
                + groupingVersion)) {
            advance(snapshot);
        }
    }

    private void advance(BuildSnapshot snapshot) {
        long groupingVersion = snapshot.build().groupingVersion;
        EnsembleBuild build = snapshot.build();
        startPending(snapshot);
        List<TrainingRun> failed = snapshot.groupRuns().stream()
                .filter(run -> run.state == TrainingRun.State.FAILED).toList();
        if (!failed.isEmpty()) {
            String reason = "run " + failed.get(0).runId + " failed: " + failed.get(0).message;
            LOG.warnf("build of grouping %d failed: %s", groupingVersion, reason);
            Awaited.await(() -> builds.fail(groupingVersion, reason));
            return;
        }
        if (!snapshot.groupRuns().stream().allMatch(run -> run.state == TrainingRun.State.SUCCEEDED)
                || snapshot.boostRuns().stream().anyMatch(run -> !run.state.finished())) {
            return;
        }
        List<TaskData> tasks = new ArrayList<>();
        Map<String, Map<String, List<StoredExample>>> stored = new HashMap<>();
        loadTasks(build, tasks, stored);
        EnsembleProcedure.Step step = evaluation.procedure().next(groupMembers(snapshot), boostRounds(snapshot),
                tasks);
        if (step instanceof EnsembleProcedure.Boost boost) {
            planBoost(build, boost, stored);
            schedule(groupingVersion);
        } else {
            finish(build, ((EnsembleProcedure.Finish) step).outcome(), tasks);
            publisher.publishReady();
        }
    }

    private void startPending(BuildSnapshot snapshot) {
        for (TrainingRun run : snapshot.runs().values()) {
            if (run.state == TrainingRun.State.PENDING) {
                if (run.kind == Kind.GROUP) {
                    storeSpec(run, snapshot.build(), Map.of());
                }
                executor.start(run.runId, run.groupId, 1);
            }
        }
    }

    private void storeSpec(TrainingRun run, EnsembleBuild build, Map<String, Map<String, Double>> residuals) {
        List<TaskSource> sources = build.tasks.stream().filter(t -> run.tasks.contains(t.taskId())).toList();
        StartAdapter start = Awaited.await(metaAdapters::start);
        if (start == null && settings.metaInitialised()) {
            throw new IllegalStateException("run " + run.runId + " needs the meta-initialisation, which is not "
                    + "recorded");
        }
        TrainingRunSpec spec = new TrainingRunSpec(TrainingRunSpec.SCHEMA_VERSION, run.runId, run.groupId, run.kind,
                run.adapterId, sources, settings.model(), settings.lora(), settings.training(start), residuals, start);
        store.put(TrainingRunSpec.key(run.runId), spec.toJson(), "application/json");
    }

    private void loadTasks(EnsembleBuild build, List<TaskData> tasks,
            Map<String, Map<String, List<StoredExample>>> stored) {
        StoredSplits splits = new StoredSplits(store);
        for (TaskSource source : build.tasks) {
            List<StoredExample> train = splits.read(source, source.trainKey());
            List<StoredExample> validation = splits.read(source, source.validationKey());
            List<StoredExample> test = splits.read(source, source.testKey());
            stored.put(source.taskId(), Map.of("train", train, "validation", validation));
            tasks.add(new TaskData(source.taskId(), source.revision(), source.labels(), examples(train),
                    examples(validation), examples(test), source.prompt()));
        }
    }

    private static List<LabelledText> examples(List<StoredExample> stored) {
        return stored.stream().map(StoredExample::example).toList();
    }

    /** The group adapters, in group order. */
    private List<TrainedMember> groupMembers(BuildSnapshot snapshot) {
        List<TrainedMember> members = new ArrayList<>();
        for (BuildGroup group : snapshot.build().groups) {
            members.add(new TrainedMember(new EnsembleMember(group.adapterId(), Kind.GROUP, group.groupId(),
                    group.tasks()), evaluation.adapter(group.adapterId())));
        }
        return members;
    }

    /** The boosting rounds so far, in order: each run's adapter, or why it failed. */
    private List<EnsembleProcedure.BoostRound> boostRounds(BuildSnapshot snapshot) {
        List<EnsembleProcedure.BoostRound> rounds = new ArrayList<>();
        for (TrainingRun run : snapshot.boostRuns()) {
            rounds.add(run.state == TrainingRun.State.SUCCEEDED
                    ? EnsembleProcedure.BoostRound.trained(new TrainedMember(new EnsembleMember(run.adapterId,
                            Kind.BOOST, run.groupId, run.tasks), evaluation.adapter(run.adapterId)))
                    : EnsembleProcedure.BoostRound.failed("run " + run.runId + " failed: " + run.message));
        }
        return rounds;
    }

    /** Stores the spec of the boosting run the procedure asked for and adds it to the build. */
    private void planBoost(EnsembleBuild build, EnsembleProcedure.Boost boost,
            Map<String, Map<String, List<StoredExample>>> stored) {
        BuildGroup target = build.groups.stream().filter(g -> g.groupId().equals(boost.target().groupId()))
                .findFirst().orElseThrow();
        Map<String, Map<String, Double>> residuals = new LinkedHashMap<>();
        for (String taskId : target.tasks()) {
            Map<String, Double> byId = new LinkedHashMap<>();
            for (List<StoredExample> split : stored.get(taskId).values()) {
                split.forEach(example -> byId.put(example.sampleId(), boost.residuals().get(example.example())));
            }
            residuals.put(taskId, byId);
        }
        TrainingRun run = TrainingRun.pending("v" + build.groupingVersion + "-boost" + boost.round(),
                build.groupingVersion, target.groupId(), Kind.BOOST, target.tasks(),
                "boost:" + String.join(",", target.tasks()), "boost" + boost.round() + "-v" + build.groupingVersion,
                Instant.now());
        storeSpec(run, build, residuals);
        LOG.infof("grouping %d: boosting step %d on group %s (training loss %.4f; all groups %s)",
                build.groupingVersion, boost.round(), target.groupId(), boost.target().meanLoss(), boost.losses());
        Awaited.await(() -> builds.addBoostRun(build.groupingVersion, run));
    }

    /**
     * θ* as it stands when the version is built, for the manifest (ADR 0110: what it was trained on and how much of
     * the ready data it has not seen); null when the adapters start at the LoRA initialisation.
     */
    private EnsembleManifest.StartEntry startEntry() {
        if (!settings.metaInitialised()) {
            return null;
        }
        MetaAdapter meta = Awaited.await(metaAdapters::current);
        if (meta == null) {
            return null;
        }
        List<Dataset> ready = Awaited.await(registry::readyDatasets);
        MetaRetrainPolicy policy = settings.metaRetrainPolicy();
        MetaRetrainPolicy.Decision unseen = MetaAdapterLedger.unseen(policy, ready, meta);
        return new EnsembleManifest.StartEntry(meta.adapterId, meta.datasets, unseen.unseenShare(), policy.share());
    }

    /** Writes the manifest of the procedure's outcome and marks the build READY. */
    private void finish(EnsembleBuild build, EnsembleProcedure.Outcome outcome, List<TaskData> tasks) {
        long ensembleVersion = Awaited.await(() -> builds.reserveEnsembleVersion(build.groupingVersion));
        String baseModelId = settings.model().modelId();
        Map<String, TaskResult> results = new LinkedHashMap<>();
        Map<String, EnsembleManifest.TaskEntry> entries = new LinkedHashMap<>();
        for (TaskData task : tasks) {
            TaskScore score = outcome.scores().get(task.taskId());
            Double test = task.test().isEmpty() ? null : score.testAccuracy();
            // a task's probe member is stored before the manifest that names it, as the adapters are
            ProbeMixture.Member member = outcome.probes().get(task.taskId());
            EnsembleManifest.ProbeEntry probe = null;
            if (member != null) {
                probe = new EnsembleManifest.ProbeEntry(member.alpha(),
                        StorageLayout.ensembleProbe(baseModelId, ensembleVersion, task.taskId()));
                store.put(probe.key(), member.probe().toBytes(), "text/plain");
            }
            entries.put(task.taskId(), new EnsembleManifest.TaskEntry(task.labels(),
                    outcome.activeWeights(task.taskId()), score.validationAccuracy(), test, task.prompt(), probe));
            TaskScore probeAlone = evaluation.baselines(task).probe();
            results.put(task.taskId(), new TaskResult(score.validationAccuracy(),
                    score.zeroShotValidationAccuracy(), test, score.validationExamples(), score.testExamples(),
                    probeAlone.validationAccuracy(), task.test().isEmpty() ? null : probeAlone.testAccuracy()));
        }
        List<String> adapterIds = outcome.members().stream().map(TrainedMember::adapterId).toList();
        List<StoredAdapter> stored = Awaited.await(() -> adapters.adapters(adapterIds));
        List<EnsembleManifest.AdapterEntry> adapterEntries = stored.stream()
                .map(a -> new EnsembleManifest.AdapterEntry(a.adapterId, a.kind, a.groupId, a.tasks, a.prefix,
                        a.metrics))
                .toList();
        EnsembleManifest manifest = new EnsembleManifest(EnsembleManifest.SCHEMA_VERSION, ensembleVersion,
                baseModelId, settings.training().maxLength(), settings.model().scale(), build.groupingVersion,
                adapterEntries, entries, Instant.now().toString(), startEntry());
        String key = StorageLayout.ensembleManifest(baseModelId, ensembleVersion);
        store.put(key, manifest.toJson(), "application/json");
        List<String> decisions = outcome.boostDecisions().stream().map(EnsembleProcedure.BoostDecision::reason)
                .toList();
        decisions.forEach(decision -> LOG.infof("grouping %d: boosting adapter %s", build.groupingVersion, decision));
        Awaited.await(() -> builds.markReady(build.groupingVersion, key, results, decisions));
        LOG.infof("grouping %d: ensemble v%d ready with %d adapters and %d probe members %s, validation accuracy %s",
                build.groupingVersion, ensembleVersion, outcome.members().size(), outcome.probes().size(),
                outcome.probes().entrySet().stream().map(e -> e.getKey() + " a=" + e.getValue().alpha()).toList(),
                results);
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
