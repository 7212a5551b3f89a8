package org.affinityensemble.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.affinityensemble.datasets.LabelledExample;
import org.affinityensemble.devstack.TopicWriter;
import org.affinityensemble.events.DatasetDeclared;
import org.affinityensemble.events.DatasetSealed;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.InvalidEventException;
import org.affinityensemble.events.SampleRecord;
import org.affinityensemble.events.Topics;

/**
 * Streams one dataset into {@code ensemble.datasets}: the declaration, every sample, the sealed marker, all
 * keyed by the dataset id, each record carrying one W3C {@code traceparent}: the dataset's trace, which every
 * service continues up to the ensemble that serves it (its id is printed; the services log it). Samples that
 * cannot be sent (the same checks the consumer makes without the registry) are counted with their reasons
 * instead.
 */
final class DatasetIngest {

    /** What was sent and what was refused, with how often each reason came up. */
    record Summary(String datasetId, long sent, Map<String, Integer> rejected, String traceId) {

        long rejectedCount() {
            return rejected.values().stream().mapToLong(Integer::longValue).sum();
        }

        void print(PrintStream out) {
            out.printf("%s: sent=%d rejected=%d trace=%s%n", datasetId, sent, rejectedCount(), traceId);
            rejected.forEach((reason, count) -> out.printf("  %5d × %s%n", count, reason));
        }
    }

    private final TopicWriter writer;
    private final int maxTextChars;

    DatasetIngest(TopicWriter writer, int maxTextChars) {
        this.writer = writer;
        this.maxTextChars = maxTextChars;
    }

    /** Labels in sorted order when the caller does not name them. */
    static List<String> labelsOf(List<LabelledExample> examples) {
        return new ArrayList<>(new TreeSet<>(examples.stream().map(LabelledExample::label).toList()));
    }

    Summary ingest(String datasetId, List<String> labels, String description, List<LabelledExample> examples,
            Map<String, Integer> alreadyRejected, PrintStream progress) {
        Map<String, Integer> rejected = new TreeMap<>(alreadyRejected);
        String traceId = hex(16);
        Map<String, String> trace = Map.of("traceparent", "00-" + traceId + "-" + hex(8) + "-01");
        writer.sendAndWait(Topics.DATASETS, datasetId,
                EventCodec.encode(new DatasetDeclared(datasetId, labels, description)), trace);
        ProgressBar bar = progress == null ? null : new ProgressBar(progress, datasetId, examples.size());
        long sent = 0;
        int done = 0;
        for (LabelledExample example : examples) {
            String reason = check(example, labels);
            if (reason == null) {
                try {
                    SampleRecord sample = new SampleRecord(datasetId, example.id(), example.split(), example.text(),
                            example.label());
                    writer.send(Topics.DATASETS, datasetId, EventCodec.encode(sample), trace);
                    sent++;
                } catch (InvalidEventException e) {
                    reason = e.getMessage();
                }
            }
            if (reason != null) {
                rejected.merge(reason, 1, Integer::sum);
            }
            if (bar != null) {
                bar.update(++done);
            }
        }
        writer.flush();
        writer.sendAndWait(Topics.DATASETS, datasetId, EventCodec.encode(new DatasetSealed(datasetId, sent)), trace);
        return new Summary(datasetId, sent, rejected, traceId);
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** {@code bytes} random bytes as lower-case hex (a W3C trace or span id). */
    private static String hex(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return java.util.HexFormat.of().formatHex(value);
    }

    private String check(LabelledExample example, List<String> labels) {
        if (!labels.contains(example.label())) {
            return "label '" + example.label() + "' is not one of the declared labels";
        }
        if (example.text().length() > maxTextChars) {
            return "text longer than " + maxTextChars + " characters";
        }
        return null;
    }
}
