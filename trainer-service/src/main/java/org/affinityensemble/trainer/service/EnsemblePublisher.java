package org.affinityensemble.trainer.service;

import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.affinityensemble.events.EnsemblePublished;
import org.affinityensemble.quarkus.KeyedMessages;
import org.affinityensemble.quarkus.Traces;
import org.affinityensemble.storage.EnsembleManifest;
import org.affinityensemble.storage.ObjectStore;
import org.affinityensemble.trainer.entity.EnsembleBuild;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * The outbox of ensemble versions: sends {@code EnsemblePublished} for every READY build in version order (the
 * event is derived from the stored manifest) and marks it PUBLISHED once Kafka acknowledged it. Called on the
 * builder's thread, after a build became ready and at start-up; a version already PUBLISHED is never sent again.
 */
@ApplicationScoped
public class EnsemblePublisher {

    private static final Logger LOG = Logger.getLogger(EnsemblePublisher.class);

    @Inject
    BuildLedger builds;

    @Inject
    ObjectStore store;

    @Inject
    Traces traces;

    @Inject
    @Channel("ensembles")
    MutinyEmitter<String> ensembles;

    /** Sends what is ready; returns how many versions were published. */
    public int publishReady() {
        int published = 0;
        for (EnsembleBuild build : Awaited.await(builds::readyForPublication)) {
            try (Traces.Continued trace = traces.resume(build.traceParent, "publish ensemble")) {
                EnsembleManifest manifest = EnsembleManifest.fromJson(store.get(build.manifestKey));
                EnsemblePublished event = new EnsemblePublished(manifest.ensembleVersion(), manifest.baseModelId(),
                        store.bucket(), build.manifestKey, build.groupingVersion,
                        manifest.adapters().stream().map(EnsembleManifest.AdapterEntry::adapterId).toList());
                ensembles.sendMessage(KeyedMessages.of(manifest.baseModelId(), event)).await()
                        .atMost(Duration.ofMinutes(2));
                Awaited.await(() -> builds.markPublished(build.groupingVersion));
                LOG.infof("ensemble v%d published (grouping %d, %d adapters)", manifest.ensembleVersion(),
                        build.groupingVersion, manifest.adapters().size());
            }
            published++;
        }
        return published;
    }
}
