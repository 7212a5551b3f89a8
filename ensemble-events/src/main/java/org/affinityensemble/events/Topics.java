package org.affinityensemble.events;

/**
 * Every Kafka topic of the system, in pipeline order. Keys are named on each constant; every topic a
 * service consumes has a dead-letter twin ({@link #deadLetter(String)}) that receives the original record
 * with the SmallRye {@code dead-letter-reason} header.
 */
public final class Topics {

    /** Dataset declarations, samples and sealed markers. Key: dataset id (keeps one dataset in order). */
    public static final String DATASETS = "ensemble.datasets";

    /** A sealed dataset, split and materialised in the object store. Key: dataset id. */
    public static final String DATASETS_READY = "ensemble.datasets.ready";

    /**
     * Shards of a ready dataset's train and validation samples for the gradient workers. Key: dataset id
     * plus shard ({@code sent_imdb#3}), so that the shards of one dataset spread over partitions and
     * several gradient workers split one dataset.
     */
    public static final String GRADIENT_REQUESTS = "ensemble.gradient-requests";

    /** Per-example projected gradients with f0, one message per shard. Key: dataset id. */
    public static final String GRADIENTS = "ensemble.gradients";

    /** All shards of a dataset have their gradients. Key: dataset id. */
    public static final String GRADIENTS_COMPLETED = "ensemble.gradients.completed";

    /** A new version of the task-affinity matrix. Key: the projection id the matrix was computed under. */
    public static final String AFFINITY = "ensemble.affinity";

    /** A new grouping of tasks. Key: the projection id (one grouping lineage per model configuration). */
    public static final String GROUPINGS = "ensemble.groupings";

    /** Results of training runs executed outside the trainer (Kubernetes Jobs). Key: group id. */
    public static final String TRAINING_RESULTS = "ensemble.training-results";

    /** A new ensemble version is complete and stored. Key: base model id. */
    public static final String ENSEMBLES = "ensemble.ensembles";

    /**
     * The one message-size limit of the system: every topic's {@code max.message.bytes}, every producer's
     * {@code max.request.size} (the services', their dead-letter producers', {@code bin/ensemble ingest}'s) and every
     * consumer's {@code max.partition.fetch.bytes}. A record above it cannot be sent; its sender reports it.
     */
    public static final int MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

    private Topics() {
    }

    /** The topics a service consumes (each with a dead-letter twin), in pipeline order. */
    public static java.util.List<String> consumed() {
        return java.util.List.of(DATASETS, DATASETS_READY, GRADIENT_REQUESTS, GRADIENTS, GRADIENTS_COMPLETED, AFFINITY,
                GROUPINGS, TRAINING_RESULTS, ENSEMBLES);
    }

    /** The dead-letter topic of an incoming topic. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }

    /** The message key of a gradient request shard. */
    public static String shardKey(String datasetId, int shard) {
        return datasetId + "#" + shard;
    }
}
