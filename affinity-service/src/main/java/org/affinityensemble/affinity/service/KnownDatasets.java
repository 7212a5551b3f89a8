package org.affinityensemble.affinity.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.affinityensemble.affinity.config.AffinitySettings;
import org.affinityensemble.affinity.entity.KnownDataset;
import org.affinityensemble.affinity.repository.KnownDatasetRepository;
import org.affinityensemble.events.DatasetReady;
import org.affinityensemble.events.InvalidEventException;
import org.affinityensemble.quarkus.Retries;

/**
 * The datasets the trainer announced ready ({@code ensemble.datasets.ready}), so that gradients of an unknown
 * dataset are rejected instead of entering every later matrix. The ready event and the first gradients travel on
 * different topics: a gradient message waits up to {@code ensemble.affinity.dataset-wait} for its dataset's
 * announcement before it is rejected.
 */
@ApplicationScoped
public class KnownDatasets {

    @Inject
    KnownDatasetRepository datasets;

    @Inject
    AffinitySettings settings;

    /** Records a ready dataset (the newest revision wins; a repeat changes nothing). */
    @WithTransaction
    public Uni<Void> record(DatasetReady ready) {
        return datasets.findById(ready.datasetId()).flatMap(known -> {
            if (known != null) {
                if (ready.revision() > known.revision) {
                    known.revision = ready.revision();
                    known.labelCount = ready.labels().size();
                    known.readyAt = Instant.now();
                }
                return Uni.createFrom().voidItem();
            }
            KnownDataset row = new KnownDataset();
            row.datasetId = ready.datasetId();
            row.revision = ready.revision();
            row.labelCount = ready.labels().size();
            row.readyAt = Instant.now();
            return datasets.persist(row).replaceWithVoid();
        });
    }

    /**
     * Completes once {@code revision} of {@code datasetId} is known and every label index is one of its labels; fails
     * with {@link InvalidEventException} (the dead-letter reason) when it is not known within the wait or a label is
     * out of range.
     */
    public Uni<Void> require(String datasetId, int revision, List<Integer> labels) {
        Duration wait = settings.datasetWait();
        return Uni.createFrom().deferred(() -> Retries.backingOff(() -> find(datasetId)))
                .flatMap(known -> known != null && known.revision >= revision ? Uni.createFrom().item(known)
                        : Uni.createFrom().<KnownDataset>failure(new NotYetKnown()))
                .onFailure(NotYetKnown.class).retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5))
                .expireIn(wait.toMillis())
                // Expiry ends the retries with Mutiny's own failure (other failures were waited out by Retries).
                .onFailure(failure -> !(failure instanceof InvalidEventException))
                .transform(e -> new InvalidEventException("dataset '" + datasetId
                        + "' revision " + revision + " is unknown: ensemble.datasets.ready did not announce it within "
                        + wait))
                .invoke(known -> {
                    for (int label : labels) {
                        if (label < 0 || label >= known.labelCount) {
                            throw new InvalidEventException("label " + label + " is not one of the " + known.labelCount
                                    + " labels of dataset '" + datasetId + "'");
                        }
                    }
                }).replaceWithVoid();
    }

    @WithSession
    Uni<KnownDataset> find(String datasetId) {
        return datasets.findById(datasetId);
    }

    /** The dataset is not (yet) announced. */
    private static final class NotYetKnown extends RuntimeException {

        NotYetKnown() {
            super("not yet announced", null, false, false);
        }
    }
}
