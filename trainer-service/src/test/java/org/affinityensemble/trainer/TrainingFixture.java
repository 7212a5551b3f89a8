package org.affinityensemble.trainer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.affinityensemble.devstack.TopicWriter;
import org.affinityensemble.events.DatasetDeclared;
import org.affinityensemble.events.DatasetSealed;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.SampleRecord;
import org.affinityensemble.events.Split;
import org.affinityensemble.events.Topics;

/**
 * The real excerpts of {@code training-fixture/examples.tsv} (four tasks, 24 train / 12 validation / 12 test
 * each; see ATTRIBUTION.md there), streamed into the registry the way a producer does.
 */
final class TrainingFixture {

    static final Map<String, List<String>> LABELS = Map.of(
            "sent_amazon", List.of("negative", "positive"),
            "sent_imdb", List.of("negative", "positive"),
            "spam_email", List.of("legitimate email", "spam"),
            "reuters_grain", List.of("other business news", "grain"));

    /** One fixture line. */
    record Row(String task, String sampleId, Split split, String label, String text) {
    }

    private TrainingFixture() {
    }

    static List<Row> rows(String task) {
        List<Row> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                TrainingFixture.class.getResourceAsStream("/training-fixture/examples.tsv"), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] f = line.split("\t", 5);
                if (f[0].equals(task)) {
                    rows.add(new Row(f[0], f[1], Split.valueOf(f[2].toUpperCase(Locale.ROOT)), f[3], f[4]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** Declares a task, sends its samples with their splits, seals it. */
    static void stream(TopicWriter writer, String task) {
        stream(writer, task, task);
    }

    /** The same, as dataset {@code datasetId} (test classes sharing a broker keep their datasets apart). */
    static void stream(TopicWriter writer, String task, String datasetId) {
        writer.sendAndWait(Topics.DATASETS, datasetId, EventCodec.encode(new DatasetDeclared(datasetId,
                LABELS.get(task), "training fixture")));
        List<Row> rows = rows(task);
        for (Row row : rows) {
            writer.send(Topics.DATASETS, datasetId, EventCodec.encode(new SampleRecord(datasetId, row.sampleId(),
                    row.split(), row.text(), row.label())));
        }
        writer.sendAndWait(Topics.DATASETS, datasetId, EventCodec.encode(new DatasetSealed(datasetId, rows.size())));
    }
}
