package org.affinityensemble.training.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.storage.ObjectStore;
import org.affinityensemble.training.TaskData;

/**
 * Reads materialised splits (JSON lines {@code {"id","text","label"}} as the dataset registry writes them) from the
 * object store into examples, mapping label names to the task's label indices.
 */
public final class StoredSplits {

    private final ObjectStore store;

    public StoredSplits(ObjectStore store) {
        this.store = store;
    }

    /** The examples of one split in file order; none when {@code key} is null or absent from the store. */
    public List<StoredExample> read(TaskSource task, String key) {
        if (key == null || !store.exists(key)) {
            return List.of();
        }
        List<StoredExample> examples = new ArrayList<>();
        try (InputStream in = store.open(key);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = EventCodec.mapper().readTree(line);
                String label = node.path("label").asText();
                int index = task.labels().indexOf(label);
                if (index < 0) {
                    throw new IllegalStateException(key + ": label '" + label + "' is not one of " + task.labels());
                }
                examples.add(new StoredExample(node.path("id").asText(),
                        new LabelledText(task.taskId(), node.path("text").asText(), index)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key, e);
        }
        return examples;
    }

    /** A task's three splits (test empty when it has none). */
    public TaskData taskData(TaskSource task) {
        return new TaskData(task.taskId(), task.revision(), task.labels(), examples(read(task, task.trainKey())),
                examples(read(task, task.validationKey())), examples(read(task, task.testKey())), task.prompt());
    }

    private static List<LabelledText> examples(List<StoredExample> stored) {
        return stored.stream().map(StoredExample::example).toList();
    }
}
