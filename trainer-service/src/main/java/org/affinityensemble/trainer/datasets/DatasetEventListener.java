package org.affinityensemble.trainer.datasets;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.affinityensemble.events.DatasetDeclared;
import org.affinityensemble.events.DatasetEvent;
import org.affinityensemble.events.DatasetSealed;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.InvalidEventException;
import org.affinityensemble.events.SampleRecord;
import org.affinityensemble.quarkus.Retries;
import org.affinityensemble.quarkus.Traces;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code ensemble.datasets}. A message that cannot be accepted fails with its reason and the
 * connector moves it to {@code ensemble.datasets.dlq}; the offset is committed only after the registry has
 * stored what the message says, so nothing accepted is lost when the consumer restarts.
 */
@ApplicationScoped
public class DatasetEventListener {

    private static final Logger LOG = Logger.getLogger(DatasetEventListener.class);

    @Inject
    DatasetRegistry registry;

    @Inject
    DatasetMaterializer materializer;

    @Inject
    MeterRegistry metrics;

    @Incoming("datasets")
    public Uni<Void> consume(String payload) {
        DatasetEvent event;
        try {
            event = EventCodec.decode(payload, DatasetEvent.class);
        } catch (InvalidEventException e) {
            return reject("unparsed", e);
        }
        return apply(event)
                .onItem().invoke(() -> metrics.counter("ensemble_dataset_messages_total", "type", kind(event),
                        "outcome", "accepted").increment())
                .onFailure(InvalidEventException.class).recoverWithUni(e -> remember(event, (InvalidEventException) e)
                        .replaceWith(reject(kind(event), (InvalidEventException) e)));
    }

    private Uni<Void> apply(DatasetEvent event) {
        if (event instanceof DatasetDeclared declared) {
            return Retries.backingOff(() -> registry.declare(declared)).replaceWithVoid();
        }
        if (event instanceof SampleRecord sample) {
            return Retries.backingOff(() -> registry.record(sample));
        }
        DatasetSealed sealed = (DatasetSealed) event;
        String traceParent = Traces.currentParent();
        return Retries.backingOff(() -> registry.seal(sealed, traceParent))
                .flatMap(outcome -> materializer.materialize(outcome));
    }

    private Uni<Void> remember(DatasetEvent event, InvalidEventException reason) {
        if (event instanceof SampleRecord sample) {
            return Retries.backingOff(() -> registry.rememberRejection(sample.datasetId(), sample.sampleId(),
                    reason.getMessage()));
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> reject(String kind, InvalidEventException reason) {
        LOG.debugf("rejected %s message: %s", kind, reason.getMessage());
        metrics.counter("ensemble_dataset_messages_total", "type", kind, "outcome", "rejected").increment();
        return Uni.createFrom().failure(reason);
    }

    private static String kind(DatasetEvent event) {
        if (event instanceof DatasetDeclared) {
            return DatasetDeclared.TYPE;
        }
        return event instanceof SampleRecord ? SampleRecord.TYPE : DatasetSealed.TYPE;
    }
}
