package org.affinityensemble.inference.listener;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Consumer;
import org.affinityensemble.events.AffinityUpdated;
import org.affinityensemble.events.DatasetReady;
import org.affinityensemble.events.EnsemblePublished;
import org.affinityensemble.events.Event;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.GradientsCompleted;
import org.affinityensemble.events.GroupingUpdated;
import org.affinityensemble.events.InvalidEventException;
import org.affinityensemble.events.Topics;
import org.affinityensemble.inference.service.DashboardService;
import org.affinityensemble.inference.service.EnsembleManager;
import org.affinityensemble.quarkus.Traces;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads the pipeline's topics, each in a consumer group of this instance's own and from the beginning, so that
 * every instance sees every event: published ensembles go to the {@link EnsembleManager} (and the dashboard),
 * the other events to the dashboard's view. An unreadable ensemble event goes to its dead-letter topic (once per
 * instance that read it); on the other topics a message it cannot decode is logged and counted, not dead-lettered
 * (their own consumers do that).
 */
@ApplicationScoped
public class PipelineEventListener {

    private static final Logger LOG = Logger.getLogger(PipelineEventListener.class);

    @Inject
    EnsembleManager ensembles;

    @Inject
    DashboardService dashboard;

    @Inject
    MeterRegistry metrics;

    /** An unreadable ensemble event goes to {@code ensemble.ensembles.dlq} (this service is its only consumer). */
    @Incoming("ensembles")
    public void ensemblePublished(String payload) {
        EnsemblePublished event;
        try {
            event = EventCodec.decode(payload, EnsemblePublished.class);
        } catch (InvalidEventException e) {
            metrics.counter("ensemble_inference_events_total", "topic", Topics.ENSEMBLES, "outcome", "rejected")
                    .increment();
            throw e;
        }
        dashboard.view().ensemblePublished(event);
        ensembles.published(event, Traces.currentParent());
        metrics.counter("ensemble_inference_events_total", "topic", Topics.ENSEMBLES, "outcome", "applied").increment();
    }

    @Incoming("datasets-ready")
    public void datasetReady(String payload) {
        handle(payload, DatasetReady.class, Topics.DATASETS_READY, dashboard.view()::datasetReady);
    }

    @Incoming("gradients-completed")
    public void gradientsCompleted(String payload) {
        handle(payload, GradientsCompleted.class, Topics.GRADIENTS_COMPLETED, dashboard.view()::gradientsCompleted);
    }

    @Incoming("affinity")
    public void affinityUpdated(String payload) {
        handle(payload, AffinityUpdated.class, Topics.AFFINITY, dashboard.view()::affinityUpdated);
    }

    @Incoming("groupings")
    public void groupingUpdated(String payload) {
        handle(payload, GroupingUpdated.class, Topics.GROUPINGS, dashboard.view()::groupingUpdated);
    }

    private <E extends Event> void handle(String payload, Class<E> type, String topic, Consumer<E> action) {
        E event;
        try {
            event = EventCodec.decode(payload, type);
        } catch (InvalidEventException e) {
            metrics.counter("ensemble_inference_events_total", "topic", topic, "outcome", "rejected").increment();
            LOG.warnf("ignoring an unreadable message on %s: %s", topic, e.getMessage());
            return;
        }
        action.accept(event);
        metrics.counter("ensemble_inference_events_total", "topic", topic, "outcome", "applied").increment();
    }
}
