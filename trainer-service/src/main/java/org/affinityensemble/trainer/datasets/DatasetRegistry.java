package org.affinityensemble.trainer.datasets;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.affinityensemble.events.DatasetDeclared;
import org.affinityensemble.events.DatasetSealed;
import org.affinityensemble.events.InvalidEventException;
import org.affinityensemble.events.SampleRecord;
import org.affinityensemble.trainer.config.DatasetsConfig;

/**
 * The dataset registry: applies declarations, samples and sealed markers, each in its own transaction. Every
 * operation is idempotent, so a redelivered message changes nothing; a message that cannot be accepted
 * fails with {@link InvalidEventException} carrying the reason for the dead-letter topic.
 */
@ApplicationScoped
public class DatasetRegistry {

    /** What sealing found: the dataset and whether it still has to be materialised. */
    public record SealOutcome(Dataset dataset, long accepted, long rejected) {
    }

    @Inject
    DatasetRepository datasets;

    @Inject
    SampleRepository samples;

    @Inject
    RejectedSampleRepository rejections;

    @Inject
    DatasetsConfig config;

    @WithTransaction
    public Uni<Dataset> declare(DatasetDeclared event) {
        return datasets.findById(event.datasetId()).flatMap(existing -> {
            if (existing != null) {
                if (!existing.labels.equals(event.labels())) {
                    throw new InvalidEventException("dataset '" + event.datasetId() + "' is already declared with labels "
                            + existing.labels + "; a declaration cannot change them");
                }
                if (!java.util.Objects.equals(existing.prompt, event.prompt())) {
                    throw new InvalidEventException("dataset '" + event.datasetId() + "' is already declared with "
                            + "prompt " + existing.prompt + "; a declaration cannot change it");
                }
                return Uni.createFrom().item(existing);
            }
            Dataset dataset = new Dataset();
            dataset.id = event.datasetId();
            dataset.labels = event.labels();
            dataset.description = event.description();
            dataset.prompt = event.prompt();
            dataset.state = Dataset.State.DECLARED;
            dataset.declaredAt = Instant.now();
            return datasets.persist(dataset);
        });
    }

    @WithTransaction
    public Uni<Void> record(SampleRecord event) {
        return datasets.findById(event.datasetId()).flatMap(dataset -> {
            if (dataset == null) {
                throw new InvalidEventException("dataset '" + event.datasetId() + "' is not declared");
            }
            int label = dataset.labelIndex(event.label());
            if (label < 0) {
                throw new InvalidEventException("label '" + event.label() + "' is not one of " + dataset.labels);
            }
            if (event.text().length() > config.maxTextChars()) {
                throw new InvalidEventException("text has " + event.text().length() + " characters, more than the "
                        + config.maxTextChars() + " allowed");
            }
            return samples.findById(new SampleKey(event.datasetId(), event.sampleId())).flatMap(stored -> {
                if (stored != null) {
                    if (stored.sameContent(event.split(), event.text(), label)) {
                        return Uni.createFrom().voidItem();
                    }
                    throw new InvalidEventException("sample '" + event.sampleId() + "' was already received with "
                            + "different content");
                }
                if (dataset.state != Dataset.State.DECLARED) {
                    throw new InvalidEventException("dataset '" + dataset.id + "' is sealed; it takes no new samples");
                }
                Sample sample = new Sample();
                sample.datasetId = event.datasetId();
                sample.sampleId = event.sampleId();
                sample.requestedSplit = event.split();
                sample.text = event.text();
                sample.label = label;
                return samples.persist(sample).replaceWithVoid();
            });
        });
    }

    /** Remembers a rejected sample of a declared dataset (nothing for undeclared ones). */
    @WithTransaction
    public Uni<Void> rememberRejection(String datasetId, String sampleId, String reason) {
        return datasets.findById(datasetId).flatMap(dataset -> {
            if (dataset == null) {
                return Uni.createFrom().voidItem();
            }
            return rejections.findById(new SampleKey(datasetId, sampleId)).flatMap(existing -> {
                if (existing != null) {
                    return Uni.createFrom().voidItem();
                }
                RejectedSample rejected = new RejectedSample();
                rejected.datasetId = datasetId;
                rejected.sampleId = sampleId;
                rejected.reason = reason.length() > 1000 ? reason.substring(0, 1000) : reason;
                rejected.rejectedAt = Instant.now();
                return rejections.persist(rejected).replaceWithVoid();
            });
        });
    }

    @WithTransaction
    public Uni<SealOutcome> seal(DatasetSealed event, String traceParent) {
        return datasets.findById(event.datasetId()).flatMap(dataset -> {
            if (dataset == null) {
                throw new InvalidEventException("dataset '" + event.datasetId() + "' is not declared");
            }
            return samples.countOf(dataset.id).flatMap(accepted -> rejections.countOf(dataset.id).map(rejected -> {
                if (accepted == 0) {
                    throw new InvalidEventException("dataset '" + dataset.id + "' has no accepted samples");
                }
                if (dataset.state == Dataset.State.DECLARED) {
                    dataset.state = Dataset.State.SEALED;
                    dataset.announcedCount = event.sampleCount();
                    dataset.shortfall = shortfall(event.sampleCount(), accepted, rejected);
                    dataset.sealedAt = Instant.now();
                    dataset.traceParent = traceParent;
                }
                return new SealOutcome(dataset, accepted, rejected);
            }));
        });
    }

    /**
     * Why {@code accepted} and {@code rejected} samples do not account for the {@code announced} ones, or null. The
     * rest were records that could not be read as a sample of this dataset (dead-lettered without a sample id), or
     * were lost on the way.
     */
    static String shortfall(long announced, long accepted, long rejected) {
        long missing = announced - accepted - rejected;
        if (missing <= 0) {
            return null;
        }
        return "announced " + announced + " samples; " + accepted + " accepted and " + rejected + " rejected: "
                + missing + " not accounted for (unreadable records on the dead-letter topic, or lost)";
    }

    @WithSession
    public Uni<List<Sample>> samplesOf(String datasetId) {
        return samples.ofDataset(datasetId);
    }

    /** A dataset with how many of its samples were accepted and rejected so far. */
    public record DatasetStatus(Dataset dataset, long accepted, long rejected) {
    }

    @WithSession
    public Uni<DatasetStatus> status(String datasetId) {
        return datasets.findById(datasetId).flatMap(dataset -> dataset == null ? Uni.createFrom().nullItem()
                : statusOf(dataset));
    }

    @WithSession
    public Uni<List<DatasetStatus>> statuses() {
        return datasets.listAll(io.quarkus.panache.common.Sort.by("id")).flatMap(all -> {
            Uni<List<DatasetStatus>> result = Uni.createFrom().item(new java.util.ArrayList<>());
            for (Dataset dataset : all) {
                result = result.flatMap(list -> statusOf(dataset).map(status -> {
                    list.add(status);
                    return list;
                }));
            }
            return result;
        });
    }

    private Uni<DatasetStatus> statusOf(Dataset dataset) {
        return samples.countOf(dataset.id).flatMap(accepted -> rejections.countOf(dataset.id)
                .map(rejected -> new DatasetStatus(dataset, accepted, rejected)));
    }

    /** Records the splits and counts of a materialised dataset and marks it ready. */
    @WithTransaction
    public Uni<Dataset> markReady(DatasetMaterializer.Materialized written) {
        String id = written.ready().datasetId();
        Uni<Integer> updates = Uni.createFrom().item(0);
        for (var entry : written.samplesBySplit().entrySet()) {
            List<String> ids = entry.getValue().stream().map(sample -> sample.sampleId).toList();
            for (int from = 0; from < ids.size(); from += 1000) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 1000));
                updates = updates.flatMap(n -> samples.update("split = ?1 where datasetId = ?2 and sampleId in ?3",
                        entry.getKey(), id, chunk).map(m -> n + m));
            }
        }
        return updates.flatMap(ignored -> datasets.findById(id)).map(dataset -> {
            dataset.state = Dataset.State.READY;
            dataset.revision = written.revision();
            dataset.contentSha256 = written.ready().contentSha256();
            dataset.trainCount = written.ready().count(org.affinityensemble.events.Split.TRAIN);
            dataset.validationCount = written.ready().count(org.affinityensemble.events.Split.VALIDATION);
            dataset.testCount = written.ready().count(org.affinityensemble.events.Split.TEST);
            if (dataset.readyAt == null) {
                dataset.readyAt = Instant.now();
            }
            return dataset;
        });
    }

    /** The ready datasets, in the order they became ready. */
    @WithSession
    public Uni<List<Dataset>> readyDatasets() {
        return datasets.list("state = ?1", Sort.by("readyAt").and("id"), Dataset.State.READY);
    }

    /** Records where the gradient requests of a dataset's revision were sent for; a newer revision is left alone. */
    @WithTransaction
    public Uni<Void> markGradientsRequested(String datasetId, int revision, String marker) {
        return datasets.findById(datasetId).invoke(dataset -> {
            if (dataset != null && dataset.revision == revision) {
                dataset.gradientsRequested = marker;
            }
        }).replaceWithVoid();
    }
}
