package org.affinityensemble.gradient.listener;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.GradientBatch;
import org.affinityensemble.events.GradientRequest;
import org.affinityensemble.events.GradientsCompleted;
import org.affinityensemble.events.InvalidEventException;
import org.affinityensemble.events.ProjectionSpec;
import org.affinityensemble.gradient.service.GradientWorker;
import org.affinityensemble.gradient.service.ShardLedger;
import org.affinityensemble.quarkus.KeyedMessages;
import org.affinityensemble.quarkus.Offload;
import org.affinityensemble.quarkus.Retries;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes gradient request shards (keyed {@code dataset#shard}, so instances of this service split a dataset
 * between them by partition), publishes each shard's projected gradients, records the shard, and announces a
 * dataset complete when all its shards are recorded. A redelivered shard is not computed again; the
 * completion check still runs, so a crash between publishing and announcing is repaired.
 */
@ApplicationScoped
public class GradientRequestListener {

    private static final Logger LOG = Logger.getLogger(GradientRequestListener.class);

    @Inject
    GradientWorker worker;

    @Inject
    ShardLedger ledger;

    @Inject
    MeterRegistry metrics;

    @ConfigProperty(name = "ensemble.worker-id", defaultValue = "${HOSTNAME:local}")
    String workerId;

    @Inject
    @Channel("gradients")
    MutinyEmitter<String> gradients;

    @Inject
    @Channel("gradients-completed")
    MutinyEmitter<String> completions;

    @Incoming("gradient-requests")
    public Uni<Void> consume(String payload) {
        GradientRequest request;
        try {
            request = EventCodec.decode(payload, GradientRequest.class);
        } catch (InvalidEventException e) {
            metrics.counter("ensemble_gradient_requests_total", "outcome", "rejected").increment();
            return Uni.createFrom().failure(e);
        }
        ProjectionSpec projection = worker.projection(request.start());
        return Retries.backingOff(() -> ledger.isDone(request.datasetId(), request.revision(), projection.id(),
                        request.shard()))
                .flatMap(done -> done ? Retries.backingOff(() -> ledger.progress(request.datasetId(),
                        request.revision(), projection.id())) : computeAndPublish(request))
                .flatMap(progress -> progress.complete() ? announce(request, projection, progress)
                        : Uni.createFrom().voidItem());
    }

    private Uni<ShardLedger.Progress> computeAndPublish(GradientRequest request) {
        Timer.Sample timing = Timer.start(metrics);
        return Offload.blocking(() -> worker.compute(request))
                .invoke(batch -> {
                    timing.stop(metrics.timer("ensemble_gradient_shard_seconds", "dataset", request.datasetId()));
                    metrics.counter("ensemble_gradient_examples_total", "dataset", request.datasetId())
                            .increment(batch.examples().size());
                    metrics.counter("ensemble_gradient_requests_total", "outcome", "computed").increment();
                })
                .flatMap(batch -> gradients.sendMessage(KeyedMessages.of(batch.datasetId(), batch))
                        .flatMap(sent -> Retries.backingOff(() -> ledger.record(batch, workerId))));
    }

    private Uni<Void> announce(GradientRequest request, ProjectionSpec projection, ShardLedger.Progress progress) {
        LOG.infof("gradients of %s r%d complete: %d shards, %d examples", request.datasetId(), request.revision(),
                progress.shardCount(), progress.examples());
        return completions.sendMessage(KeyedMessages.of(request.datasetId(), new GradientsCompleted(
                request.datasetId(), request.revision(), projection, progress.shardCount(), progress.examples(),
                request.schedule())));
    }
}
