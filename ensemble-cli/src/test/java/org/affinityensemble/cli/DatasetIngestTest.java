package org.affinityensemble.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.affinityensemble.datasets.LabelledExample;
import org.affinityensemble.devstack.DevStack;
import org.affinityensemble.devstack.TopicProbe;
import org.affinityensemble.devstack.TopicWriter;
import org.affinityensemble.events.Topics;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/ensemble ingest} on the real broker: a sample over the one message-size limit cannot be sent; the
 * failure is reported with its reason, the dataset is not sealed, and the command exits 1.
 */
class DatasetIngestTest {

    @Test
    void aFailedSendIsReportedAndTheDatasetIsNotSealed() {
        String bootstrap = DevStack.shared().endpoints().kafkaBootstrapServers();
        String id = "ingest_oversize";
        List<LabelledExample> examples = List.of(
                new LabelledExample("fine", "a fine sample", "yes", null),
                new LabelledExample("huge", "x".repeat(Topics.MAX_MESSAGE_BYTES + 1), "yes", null));
        DatasetIngest.Summary summary;
        try (TopicWriter writer = new TopicWriter(bootstrap)) {
            summary = new DatasetIngest(writer, Integer.MAX_VALUE).ingest(id, List.of("no", "yes"), "", examples,
                    Map.of(), null);
        }
        assertThat(summary.sent()).isEqualTo(1);
        assertThat(summary.failedCount()).isEqualTo(1);
        assertThat(summary.failed().keySet()).singleElement().asString().startsWith("RecordTooLargeException");
        assertThat(summary.sealed()).isFalse();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        summary.print(new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("failed=1 sealed=false")
                .contains("1 × not sent: RecordTooLargeException").contains("ingest_oversize is not sealed");

        try (TopicProbe datasets = TopicProbe.fromBeginning(bootstrap, Topics.DATASETS)) {
            List<String> records = datasets.drain(Duration.ofSeconds(3)).stream().filter(r -> id.equals(r.key()))
                    .map(r -> r.value()).toList();
            assertThat(records).hasSize(2);
            assertThat(records.get(0)).contains("\"type\":\"dataset.declared\"");
            assertThat(records.get(1)).contains("\"type\":\"dataset.sample\"").contains("a fine sample");
        }
    }
}
