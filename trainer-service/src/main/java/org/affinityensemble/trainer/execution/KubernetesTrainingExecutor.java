package org.affinityensemble.trainer.execution;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.ScalableResource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.HttpURLConnection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.affinityensemble.events.TrainingResult;
import org.affinityensemble.training.run.TrainingResultSink;
import org.jboss.logging.Logger;

/**
 * Runs each training attempt as a {@code batch/v1} Job ({@link TrainingJobTemplate}) and follows the Jobs it
 * manages with an informer. A Job that succeeded needs nothing more: its container published the result. A Job
 * that failed (its pods used up {@code backoffLimit}, or it ran past its deadline) is deleted and resubmitted under
 * the next attempt number until {@code maxAttempts}; then this executor publishes the FAILED result. After a
 * restart, {@link #resume} looks the attempt's Job up: still active, it is followed; failed, it is handled as
 * above; gone, the run starts again. Job creation is idempotent (an existing Job of the same name is kept).
 */
public final class KubernetesTrainingExecutor implements TrainingExecutor, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KubernetesTrainingExecutor.class);

    /** What this executor last saw of a run's current Job. */
    public enum JobPhase { ACTIVE, SUCCEEDED, FAILED }

    private final KubernetesClient client;
    private final TrainingJobTemplate template;
    private final int maxAttempts;
    private final TrainingResultSink results;
    private final RunAttempts attempts;
    private final Map<String, JobPhase> phases = new ConcurrentHashMap<>();
    private final Set<String> handledFailures = ConcurrentHashMap.newKeySet();
    private SharedIndexInformer<Job> informer;

    public KubernetesTrainingExecutor(KubernetesClient client, TrainingJobTemplate template, int maxAttempts,
            TrainingResultSink results, RunAttempts attempts) {
        this.client = client;
        this.template = template;
        this.maxAttempts = maxAttempts;
        this.results = results;
        this.attempts = attempts;
    }

    /** Starts following the managed Jobs of the namespace. */
    public synchronized void watch() {
        if (informer == null) {
            informer = jobs().withLabel(TrainingJobTemplate.MANAGED_BY_LABEL, TrainingJobTemplate.MANAGED_BY)
                    .inform(new ResourceEventHandler<>() {
                        @Override
                        public void onAdd(Job job) {
                            observe(job);
                        }

                        @Override
                        public void onUpdate(Job old, Job job) {
                            observe(job);
                        }

                        @Override
                        public void onDelete(Job job, boolean finalStateUnknown) {
                        }
                    }, 60_000L);
        }
    }

    @Override
    public void start(String runId, String groupId, int attempt) {
        if (!attempts.started(runId, attempt)) {
            LOG.infof("training run %s attempt %d: no Job, the run has finished or moved on meanwhile", runId,
                    attempt);
            return;
        }
        Job job = template.job(runId, groupId, attempt);
        try {
            jobs().resource(job).create();
            LOG.infof("training run %s attempt %d: Job %s created", runId, attempt, job.getMetadata().getName());
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
        phases.put(runId, JobPhase.ACTIVE);
    }

    @Override
    public void resume(String runId, String groupId, int attempt) {
        Job job = jobs().withName(TrainingJobTemplate.jobName(runId, attempt)).get();
        if (job == null) {
            start(runId, groupId, attempt + 1);
        } else {
            observe(job);
        }
    }

    /** Deletes every Job of the run (each attempt's; their pods go with them). */
    @Override
    public void cancel(String runId) {
        jobs().withLabel(TrainingJobTemplate.RUN_LABEL, TrainingJobTemplate.runLabel(runId))
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        phases.remove(runId);
        LOG.infof("training run %s cancelled: its Jobs are deleted", runId);
    }

    /** The phase of a run's current Job as last seen, if this executor started or followed it. */
    public Optional<JobPhase> phase(String runId) {
        return Optional.ofNullable(phases.get(runId));
    }

    private void observe(Job job) {
        Map<String, String> annotations = job.getMetadata().getAnnotations();
        if (annotations == null || !annotations.containsKey(TrainingJobTemplate.RUN_ANNOTATION)) {
            return;
        }
        String runId = annotations.get(TrainingJobTemplate.RUN_ANNOTATION);
        String groupId = annotations.get(TrainingJobTemplate.GROUP_ANNOTATION);
        int attempt = Integer.parseInt(annotations.getOrDefault(TrainingJobTemplate.ATTEMPT_ANNOTATION, "1"));
        if (hasCondition(job, "Complete") || job.getStatus() != null && job.getStatus().getSucceeded() != null
                && job.getStatus().getSucceeded() > 0) {
            phases.put(runId, JobPhase.SUCCEEDED);
        } else if (hasCondition(job, "Failed")) {
            onFailed(job, runId, groupId, attempt);
        }
    }

    private void onFailed(Job job, String runId, String groupId, int attempt) {
        if (!handledFailures.add(job.getMetadata().getName())) {
            return;
        }
        phases.put(runId, JobPhase.FAILED);
        String reason = failureReason(job);
        LOG.warnf("training run %s attempt %d: Job %s failed (%s)", runId, attempt, job.getMetadata().getName(),
                reason);
        if (attempt < maxAttempts) {
            jobs().withName(job.getMetadata().getName()).delete();
            start(runId, groupId, attempt + 1);
        } else {
            results.publish(new TrainingResult(runId, groupId, attempt, TrainingResult.Status.FAILED, null, Map.of(),
                    "Job " + job.getMetadata().getName() + " failed on attempt " + attempt + " of " + maxAttempts
                            + ": " + reason));
        }
    }

    private static boolean hasCondition(Job job, String type) {
        return job.getStatus() != null && job.getStatus().getConditions() != null && job.getStatus().getConditions()
                .stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String failureReason(Job job) {
        return job.getStatus().getConditions().stream().filter(c -> "Failed".equals(c.getType())).findFirst()
                .map(KubernetesTrainingExecutor::describe).orElse("unknown");
    }

    private static String describe(JobCondition condition) {
        String reason = condition.getReason() == null ? "" : condition.getReason();
        return condition.getMessage() == null ? reason : reason + ": " + condition.getMessage();
    }

    private NonNamespaceOperation<Job, JobList, ScalableResource<Job>> jobs() {
        return client.batch().v1().jobs().inNamespace(template.settings().namespace());
    }

    @Override
    public synchronized void close() {
        if (informer != null) {
            informer.close();
            informer = null;
        }
    }
}
