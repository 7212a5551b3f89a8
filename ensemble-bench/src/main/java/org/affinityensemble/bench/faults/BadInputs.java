package org.affinityensemble.bench.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.affinityensemble.events.Topics;

/**
 * The bad-input matrix of {@code bin/ensemble bench faults}: on every topic a service consumes, malformed JSON, no
 * type, an unknown type, an unknown schema version and a message of another topic; on the topics that carry them, an
 * unknown dataset, an undeclared label, empty and oversize text. Each record has a key of its own, so that its dead
 * letter can be found.
 */
public final class BadInputs {

    /** One bad record and the topic it is sent to. */
    public record BadInput(String topic, String name, String key, String value) {
    }

    /** The type each consumed topic carries (its first, for the schema-version case). */
    static final Map<String, String> TYPES = Map.of(
            Topics.DATASETS, "dataset.sample",
            Topics.DATASETS_READY, "dataset.ready",
            Topics.GRADIENT_REQUESTS, "gradient.request",
            Topics.GRADIENTS, "gradient.batch",
            Topics.GRADIENTS_COMPLETED, "gradient.completed",
            Topics.AFFINITY, "affinity.updated",
            Topics.GROUPINGS, "grouping.updated",
            Topics.TRAINING_RESULTS, "training.result",
            Topics.ENSEMBLES, "ensemble.published");

    private static final String PROJECTION = "{\"modelId\":\"faults-model\",\"lora\":{\"rank\":8,\"alpha\":16.0,"
            + "\"targets\":[\"q\",\"v\"],\"initSeed\":17},\"maxLength\":64,\"seed\":42,\"dim\":2,"
            + "\"parameterCount\":10}";
    private static final String TWO_FLOATS = "AAAAAAAAAAA=";

    private BadInputs() {
    }

    /**
     * The matrix for one run ({@code run} makes the keys and dataset ids unique); {@code knownDataset} is a dataset
     * the stack has announced ready with two labels (for the undeclared-label case of the gradients), or null.
     */
    public static List<BadInput> of(String run, String knownDataset) {
        List<BadInput> inputs = new ArrayList<>();
        for (String topic : Topics.consumed()) {
            String type = TYPES.get(topic);
            add(inputs, topic, run, "malformed_json", "{\"type\": \"" + type + "\", ");
            add(inputs, topic, run, "no_type", "{\"schemaVersion\":1}");
            add(inputs, topic, run, "unknown_type", "{\"type\":\"no.such.type\",\"schemaVersion\":1}");
            add(inputs, topic, run, "unknown_schema_version", "{\"type\":\"" + type + "\",\"schemaVersion\":99}");
            add(inputs, topic, run, "wrong_topic", topic.equals(Topics.DATASETS)
                    ? "{\"type\":\"affinity.updated\",\"schemaVersion\":1,\"affinityVersion\":1,\"projectionId\":\"p\","
                            + "\"tasks\":[\"a\"],\"matrix\":[[0.0]],\"subsets\":0,\"metric\":\"neg_loss\"}"
                    : "{\"type\":\"dataset.declared\",\"schemaVersion\":1,\"datasetId\":\"x\","
                            + "\"labels\":[\"a\",\"b\"]}");
        }
        String unknown = "faults_unknown_" + run;
        String declared = "faults_declared_" + run;
        add(inputs, Topics.DATASETS, run, "unknown_dataset", sample(unknown, "s", "text", "yes"));
        add(inputs, Topics.DATASETS, run, "undeclared_label", sample(declared, "l", "text", "maybe"));
        add(inputs, Topics.DATASETS, run, "empty_text", sample(declared, "e", "   ", "yes"));
        add(inputs, Topics.DATASETS, run, "oversize_text", sample(declared, "o", "x".repeat(20_001), "yes"));
        add(inputs, Topics.GRADIENTS, run, "unknown_dataset", batch(unknown, 0));
        add(inputs, Topics.GRADIENTS_COMPLETED, run, "unknown_dataset", "{\"type\":\"gradient.completed\","
                + "\"schemaVersion\":1,\"datasetId\":\"" + unknown + "\",\"revision\":1,\"shardCount\":1,"
                + "\"examples\":1,\"projection\":" + PROJECTION + "}");
        if (knownDataset != null) {
            add(inputs, Topics.GRADIENTS, run, "undeclared_label", batch(knownDataset, 7));
        }
        return inputs;
    }

    /** The declaration the datasets cases need ({@code faults_declared_<run>}, labels no and yes). */
    public static String declaration(String run) {
        return "{\"type\":\"dataset.declared\",\"schemaVersion\":1,\"datasetId\":\"faults_declared_" + run
                + "\",\"labels\":[\"no\",\"yes\"],\"description\":\"bench faults\"}";
    }

    private static void add(List<BadInput> inputs, String topic, String run, String name, String value) {
        inputs.add(new BadInput(topic, name, "faults-" + run + "-" + topic.replace("ensemble.", "") + "-" + name,
                value));
    }

    private static String sample(String dataset, String sampleId, String text, String label) {
        return "{\"type\":\"dataset.sample\",\"schemaVersion\":1,\"datasetId\":\"" + dataset + "\",\"sampleId\":\""
                + sampleId + "\",\"text\":\"" + text + "\",\"label\":\"" + label + "\"}";
    }

    private static String batch(String dataset, int label) {
        return "{\"type\":\"gradient.batch\",\"schemaVersion\":1,\"datasetId\":\"" + dataset + "\",\"revision\":1,"
                + "\"shard\":0,\"shardCount\":1,\"projection\":" + PROJECTION + ",\"examples\":[{\"sampleId\":\"x\","
                + "\"split\":\"train\",\"label\":" + label + ",\"f0\":0.1,\"gradient\":\"" + TWO_FLOATS + "\"}]}";
    }
}
