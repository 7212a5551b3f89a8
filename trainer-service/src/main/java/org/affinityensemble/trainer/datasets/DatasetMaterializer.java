package org.affinityensemble.trainer.datasets;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.affinityensemble.events.DatasetReady;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.Split;
import org.affinityensemble.quarkus.KeyedMessages;
import org.affinityensemble.quarkus.Offload;
import org.affinityensemble.quarkus.Retries;
import org.affinityensemble.storage.ObjectStore;
import org.affinityensemble.storage.StorageLayout;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Turns a sealed dataset into what the rest of the system reads: every sample gets its split (the producer's,
 * or a seeded stratified one), each split is written as one JSON-lines object, then the ready event is published
 * ({@link DatasetMaterialized}). Running it again for the same dataset writes the
 * same objects and publishes the same event, so a redelivered sealed marker is harmless. Observers of
 * {@link DatasetMaterialized} (the gradient dispatcher) hear of each one.
 */
@ApplicationScoped
public class DatasetMaterializer {

    private static final Logger LOG = Logger.getLogger(DatasetMaterializer.class);

    @Inject
    DatasetRegistry registry;

    @Inject
    ObjectStore store;

    @Inject
    SplitAssignment splits;

    @Inject
    @Channel("datasets-ready")
    MutinyEmitter<String> readyEvents;

    @Inject
    Event<DatasetMaterialized> materialized;

    /** What was written for one dataset. */
    public record Materialized(int revision, Map<Split, List<Sample>> samplesBySplit, DatasetReady ready) {
    }

    public Uni<Void> materialize(DatasetRegistry.SealOutcome sealed) {
        Dataset dataset = sealed.dataset();
        return Retries.backingOff(() -> registry.samplesOf(dataset.id))
                // An object store that is away is waited for (ADR 0103): the dataset does not stay SEALED.
                .flatMap(samples -> Retries.backingOff(() -> Offload.blocking(() -> write(dataset, samples))))
                .flatMap(written -> Retries.backingOff(() -> registry.markReady(written))
                        .flatMap(ignored -> Retries.backingOff(() -> publish(written))))
                .invoke(() -> {
                    LOG.infof("dataset %s materialised: %d accepted, %d rejected, %s announced", dataset.id,
                            sealed.accepted(), sealed.rejected(), dataset.announcedCount);
                    if (dataset.shortfall != null) {
                        LOG.warnf("dataset %s is short: %s", dataset.id, dataset.shortfall);
                    }
                });
    }

    private Materialized write(Dataset dataset, List<Sample> samples) {
        int revision = Math.max(1, dataset.revision);
        Map<Split, List<Sample>> bySplit = splits.assign(samples);
        Map<Split, DatasetReady.SplitObject> objects = new EnumMap<>(Split.class);
        MessageDigest digest = sha256();
        for (var entry : bySplit.entrySet()) {
            byte[] content = jsonLines(dataset, entry.getValue());
            digest.update(entry.getKey().wireName().getBytes(StandardCharsets.UTF_8));
            digest.update(content);
            String key = StorageLayout.datasetSplit(dataset.id, revision, entry.getKey());
            store.put(key, content, "application/x-ndjson");
            objects.put(entry.getKey(), new DatasetReady.SplitObject(store.bucket(), key, entry.getValue().size()));
        }
        DatasetReady ready = new DatasetReady(dataset.id, revision, dataset.labels, dataset.description, objects,
                HexFormat.of().formatHex(digest.digest()), dataset.prompt);
        return new Materialized(revision, bySplit, ready);
    }

    private static byte[] jsonLines(Dataset dataset, List<Sample> samples) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Sample sample : samples) {
            Map<String, Object> line = new java.util.LinkedHashMap<>();
            line.put("id", sample.sampleId);
            line.put("text", sample.text);
            line.put("label", dataset.labels.get(sample.label));
            try {
                out.write(EventCodec.mapper().writeValueAsBytes(line));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            out.write('\n');
        }
        return out.toByteArray();
    }

    private Uni<Void> publish(Materialized written) {
        DatasetReady ready = written.ready();
        return readyEvents.sendMessage(KeyedMessages.of(ready.datasetId(), ready))
                .invoke(() -> materialized.fire(new DatasetMaterialized(ready.datasetId(), ready.revision())));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
