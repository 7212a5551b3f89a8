package org.affinityensemble.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.affinityensemble.devstack.DevStack;
import org.affinityensemble.devstack.TopicProbe;
import org.affinityensemble.devstack.TopicWriter;
import org.affinityensemble.events.Topics;
import org.junit.jupiter.api.Test;

/** {@code bin/ensemble dlq list|replay} on the real broker. */
class DeadLettersTest {

    @Test
    void deadLettersAreListedWithTheirReasonsAndReplayedToTheirTopicWithoutTheDeadLetterHeaders() {
        String bootstrap = DevStack.shared().endpoints().kafkaBootstrapServers();
        String topic = Topics.GROUPINGS;
        try (TopicWriter writer = new TopicWriter(bootstrap)) {
            writer.sendAndWait(Topics.deadLetter(topic), "dlq-test-a", "{\"broken\"", Map.of(
                    "dead-letter-reason", "malformed JSON", "dead-letter-topic", topic, "traceparent", "00-a-b-01"));
            writer.sendAndWait(Topics.deadLetter(topic), "dlq-test-b", "{}", Map.of(
                    "dead-letter-reason", "missing type"));
        }
        List<DeadLetters.DeadLetter> letters = DeadLetters.read(bootstrap, topic).stream()
                .filter(letter -> letter.key().startsWith("dlq-test-")).toList();
        assertThat(letters).extracting(DeadLetters.DeadLetter::reason)
                .containsExactly("malformed JSON", "missing type");

        try (TopicWriter writer = new TopicWriter(bootstrap);
                TopicProbe groupings = TopicProbe.fromBeginning(bootstrap, topic)) {
            assertThat(DeadLetters.replay(writer, topic, letters.subList(0, 1))).isEqualTo(1);
            var replayed = groupings.await(r -> "dlq-test-a".equals(r.key()), 1, Duration.ofSeconds(30)).get(0);
            assertThat(replayed.value()).isEqualTo("{\"broken\"");
            assertThat(TopicProbe.header(replayed, "traceparent")).isEqualTo("00-a-b-01");
            assertThat(TopicProbe.header(replayed, "dead-letter-reason")).isNull();
            assertThat(TopicProbe.header(replayed, "dead-letter-topic")).isNull();
        }
        assertThatThrownBy(() -> DeadLetters.read(bootstrap, Topics.deadLetter(topic)))
                .hasMessageContaining("name the original topic (ensemble.groupings)");
    }
}
