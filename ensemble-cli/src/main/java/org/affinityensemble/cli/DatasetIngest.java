package org.affinityensemble.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.affinityensemble.datasets.LabelledExample;
import org.affinityensemble.devstack.TopicWriter;
import org.affinityensemble.events.DatasetDeclared;
import org.affinityensemble.events.PromptSpec;
import org.affinityensemble.events.DatasetSealed;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.InvalidEventException;
import org.affinityensemble.events.SampleRecord;
import org.affinityensemble.events.Topics;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Streams one dataset into {@code ensemble.datasets}: the declaration, every sample, the sealed marker, all
 * keyed by the dataset id, each record carrying one W3C {@code traceparent}: the dataset's trace, which every
 * service continues up to the ensemble that serves it (its id is printed; the services log it). Samples that
 * are refused (the same checks the consumer makes without the registry) are counted with their reasons
 * instead; a send the broker did not acknowledge (a record over {@link Topics#MAX_MESSAGE_BYTES}, the broker away)
 * is counted with its reason, and then the dataset is not sealed.
 */
final class DatasetIngest {

    /**
     * What was sent, what was refused and what could not be sent, with how often each reason came up. The dataset is
     * sealed only when every send succeeded.
     */
    record Summary(String datasetId, long sent, Map<String, Integer> rejected, Map<String, Integer> failed,
            String traceId) {

        long rejectedCount() {
            return rejected.values().stream().mapToLong(Integer::longValue).sum();
        }

        long failedCount() {
            return failed.values().stream().mapToLong(Integer::longValue).sum();
        }

        boolean sealed() {
            return failed.isEmpty();
        }

        void print(PrintStream out) {
            out.printf("%s: sent=%d rejected=%d failed=%d sealed=%b trace=%s%n", datasetId, sent, rejectedCount(),
                    failedCount(), sealed(), traceId);
            rejected.forEach((reason, count) -> out.printf("  %5d × %s%n", count, reason));
            failed.forEach((reason, count) -> out.printf("  %5d × not sent: %s%n", count, reason));
            if (!sealed()) {
                out.printf("%s is not sealed: run the same ingestion again (samples already stored are stored once)%n",
                        datasetId);
            }
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
        return ingest(datasetId, labels, description, null, examples, alreadyRejected, progress);
    }

    /** As above, declaring the dataset with a prompt for decoder LMs (null: the defaults). */
    Summary ingest(String datasetId, List<String> labels, String description, PromptSpec prompt,
            List<LabelledExample> examples, Map<String, Integer> alreadyRejected, PrintStream progress) {
        Map<String, Integer> rejected = new TreeMap<>(alreadyRejected);
        String traceId = hex(16);
        Map<String, String> trace = Map.of("traceparent", "00-" + traceId + "-" + hex(8) + "-01");
        writer.sendAndWait(Topics.DATASETS, datasetId,
                EventCodec.encode(new DatasetDeclared(datasetId, labels, description, prompt)), trace);
        ProgressBar bar = progress == null ? null : new ProgressBar(progress, datasetId, examples.size());
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        int done = 0;
        for (LabelledExample example : examples) {
            String reason = check(example, labels);
            if (reason == null) {
                try {
                    SampleRecord sample = new SampleRecord(datasetId, example.id(), example.split(), example.text(),
                            example.label());
                    sends.add(writer.send(Topics.DATASETS, datasetId, EventCodec.encode(sample), trace));
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
        Map<String, Integer> failed = new TreeMap<>();
        long sent = 0;
        for (Future<RecordMetadata> send : sends) {
            String failure = failureOf(send);
            if (failure == null) {
                sent++;
            } else {
                failed.merge(failure, 1, Integer::sum);
            }
        }
        if (failed.isEmpty()) {
            writer.sendAndWait(Topics.DATASETS, datasetId, EventCodec.encode(new DatasetSealed(datasetId, sent)),
                    trace);
        }
        return new Summary(datasetId, sent, rejected, failed, traceId);
    }

    /** Why a send failed (the broker's or the producer's reason), or null when it was acknowledged. */
    private static String failureOf(Future<RecordMetadata> send) {
        try {
            send.get();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
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
