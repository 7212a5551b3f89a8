package org.affinityensemble.bench.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.affinityensemble.events.DatasetDeclared;
import org.affinityensemble.events.DatasetEvent;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.GradientBatch;
import org.affinityensemble.events.GradientsCompleted;
import org.affinityensemble.events.InvalidEventException;
import org.affinityensemble.events.SampleRecord;
import org.affinityensemble.events.Topics;
import org.junit.jupiter.api.Test;

/** The matrix covers every consumed topic, and the records that must decode do (their rejection is semantic). */
class BadInputsTest {

    @Test
    void everyConsumedTopicGetsTheFiveGenericCasesAndTheDatasetCasesDecode() {
        List<BadInputs.BadInput> inputs = BadInputs.of("r1", "known_ds");
        Map<String, Long> perTopic = inputs.stream().collect(Collectors.groupingBy(BadInputs.BadInput::topic,
                Collectors.counting()));
        assertThat(perTopic.keySet()).containsExactlyInAnyOrderElementsOf(Topics.consumed());
        assertThat(perTopic.values()).allMatch(count -> count >= 5);
        assertThat(inputs).extracting(BadInputs.BadInput::key).doesNotHaveDuplicates();
        assertThat(inputs).extracting(BadInputs.BadInput::name).contains("malformed_json", "no_type",
                "unknown_type", "unknown_schema_version", "wrong_topic", "unknown_dataset", "undeclared_label",
                "empty_text", "oversize_text");

        for (BadInputs.BadInput input : inputs) {
            boolean semantic = input.name().equals("unknown_dataset") || input.name().equals("undeclared_label")
                    || input.name().equals("oversize_text");
            if (!semantic) {
                continue;
            }
            Class<? extends org.affinityensemble.events.Event> type = switch (input.topic()) {
                case Topics.DATASETS -> SampleRecord.class;
                case Topics.GRADIENTS -> GradientBatch.class;
                default -> GradientsCompleted.class;
            };
            assertThat(EventCodec.decode(input.value(), type)).as(input.key()).isNotNull();
        }
        assertThat(EventCodec.decode(BadInputs.declaration("r1"), DatasetEvent.class))
                .isInstanceOf(DatasetDeclared.class);
        assertThat(inputs.stream().filter(input -> input.name().equals("empty_text")).findFirst().orElseThrow())
                .satisfies(input -> assertThat(org.assertj.core.api.Assertions.catchThrowable(
                        () -> EventCodec.decode(input.value(), DatasetEvent.class)))
                        .isInstanceOf(InvalidEventException.class));
    }
}
