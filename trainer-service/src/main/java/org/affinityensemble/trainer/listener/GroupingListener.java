package org.affinityensemble.trainer.listener;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.GroupingUpdated;
import org.affinityensemble.events.InvalidEventException;
import org.affinityensemble.quarkus.Retries;
import org.affinityensemble.quarkus.Traces;
import org.affinityensemble.trainer.service.BuildLedger;
import org.affinityensemble.trainer.service.EnsembleBuilder;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code ensemble.groupings}: records each new grouping version as a build (a version seen before is
 * skipped), has the runs it cancelled stopped, and hands it to the builder. Training itself happens elsewhere, so the consumer never waits on it; an
 * unreadable message goes to {@code ensemble.groupings.dlq}.
 */
@ApplicationScoped
public class GroupingListener {

    private static final Logger LOG = Logger.getLogger(GroupingListener.class);

    @Inject
    BuildLedger builds;

    @Inject
    EnsembleBuilder builder;

    @Incoming("groupings")
    public Uni<Void> consume(String payload) {
        GroupingUpdated event;
        try {
            event = EventCodec.decode(payload, GroupingUpdated.class);
        } catch (InvalidEventException e) {
            return Uni.createFrom().failure(e);
        }
        String traceParent = Traces.currentParent();
        return Retries.backingOff(() -> builds.recordGrouping(event, traceParent)).invoke(recorded -> {
            if (recorded.recorded()) {
                LOG.infof("grouping %d recorded: %d groups, changed %s", event.groupingVersion(),
                        event.groups().size(), event.changedGroups());
                builder.cancel(recorded.cancelled());
                builder.schedule(event.groupingVersion());
            } else {
                LOG.debugf("grouping %d was handled before", event.groupingVersion());
            }
        }).replaceWithVoid();
    }
}
