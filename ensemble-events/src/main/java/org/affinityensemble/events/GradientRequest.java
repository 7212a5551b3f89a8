package org.affinityensemble.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;

/**
 * One shard of a ready dataset's train and validation samples, for a gradient worker. Shards are keyed
 * {@code datasetId#shard} so the shards of one dataset spread over partitions. {@code start} says where the
 * gradients are taken: absent (null) at the LoRA initialisation, otherwise at the trainer's meta-initialisation;
 * {@code schedule} how the trainer trains adapters from there (absent in requests from before it was carried:
 * {@link TrainingSchedule#DEFAULTS}). The gradient worker passes it on in {@link GradientsCompleted}. {@code prompt}
 * is the dataset's declared prompt (absent: the defaults), which a decoder LM scores the labels by.
 */
@JsonTypeName(GradientRequest.TYPE)
public record GradientRequest(int schemaVersion, String datasetId, int revision, int shard, int shardCount,
        List<String> labels, List<Item> items, @JsonInclude(JsonInclude.Include.NON_NULL) StartAdapter start,
        @JsonInclude(JsonInclude.Include.NON_NULL) TrainingSchedule schedule,
        @JsonInclude(JsonInclude.Include.NON_NULL) PromptSpec prompt) implements Event {

    public static final String TYPE = "gradient.request";
    public static final int SCHEMA_VERSION = 1;

    /** One labelled sample; {@code label} is an index into {@code labels}. */
    public record Item(String sampleId, Split split, String text, int label) {
    }

    public GradientRequest {
        Versions.require(schemaVersion, SCHEMA_VERSION, TYPE);
        Ids.requireDatasetId(datasetId);
        InvalidEventException.require(shardCount >= 1 && shard >= 0 && shard < shardCount,
                "shard " + shard + " of " + shardCount + " is out of range");
        InvalidEventException.require(labels != null && labels.size() >= 2, "labels are missing");
        InvalidEventException.require(items != null, "items are missing");
        for (Item item : items) {
            InvalidEventException.require(item.label() >= 0 && item.label() < labels.size(),
                    "item " + item.sampleId() + " has label index " + item.label() + " out of range");
            InvalidEventException.require(item.split() == Split.TRAIN || item.split() == Split.VALIDATION,
                    "item " + item.sampleId() + " is not a train or validation sample");
        }
        labels = List.copyOf(labels);
        items = List.copyOf(items);
        if (prompt != null) {
            prompt.requireFits(labels);
        }
    }

    public GradientRequest(String datasetId, int revision, int shard, int shardCount, List<String> labels,
            List<Item> items, StartAdapter start, TrainingSchedule schedule, PromptSpec prompt) {
        this(SCHEMA_VERSION, datasetId, revision, shard, shardCount, labels, items, start, schedule, prompt);
    }

    public GradientRequest(String datasetId, int revision, int shard, int shardCount, List<String> labels,
            List<Item> items, StartAdapter start, TrainingSchedule schedule) {
        this(datasetId, revision, shard, shardCount, labels, items, start, schedule, null);
    }

    /** At the LoRA initialisation, with the default schedule. */
    public GradientRequest(String datasetId, int revision, int shard, int shardCount, List<String> labels,
            List<Item> items) {
        this(datasetId, revision, shard, shardCount, labels, items, null, null);
    }

    public String key() {
        return Topics.shardKey(datasetId, shard);
    }
}
