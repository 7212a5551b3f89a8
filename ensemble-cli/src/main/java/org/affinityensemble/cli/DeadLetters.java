package org.affinityensemble.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.affinityensemble.devstack.TopicWriter;
import org.affinityensemble.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The dead letters of a topic ({@code <topic>.dlq}): read without a consumer group (nothing is committed, nothing
 * consumed for anyone else), and replayed to the original topic with their key and headers, the
 * {@code dead-letter-*} ones removed (a replayed message that is still wrong comes back with its reason).
 */
final class DeadLetters {

    /** One dead letter: where it is in the dead-letter topic, the record, and why it was rejected. */
    record DeadLetter(int partition, long offset, String key, String value, String reason,
            Map<String, String> headers) {
    }

    private DeadLetters() {
    }

    /** Every record of {@code topic}'s dead-letter topic, in partition and offset order. */
    static List<DeadLetter> read(String bootstrapServers, String topic) {
        String deadLetterTopic = Topics.deadLetter(requireOriginal(topic));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "ensemble-dlq-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(Topics.MAX_MESSAGE_BYTES)),
                new StringDeserializer(), new StringDeserializer())) {
            var partitions = consumer.partitionsFor(deadLetterTopic, Duration.ofSeconds(30));
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalArgumentException("no topic " + deadLetterTopic);
            }
            List<TopicPartition> assigned = partitions.stream()
                    .map(info -> new TopicPartition(deadLetterTopic, info.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, Duration.ofSeconds(30));
            List<DeadLetter> letters = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (assigned.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + deadLetterTopic + " took longer than 2 minutes");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    letters.add(letterOf(record));
                }
            }
            letters.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                    : Long.compare(a.offset(), b.offset()));
            return letters;
        }
    }

    /** Sends each letter to {@code topic} again; returns how many were acknowledged. */
    static int replay(TopicWriter writer, String topic, List<DeadLetter> letters) {
        requireOriginal(topic);
        int sent = 0;
        for (DeadLetter letter : letters) {
            Map<String, String> headers = new LinkedHashMap<>(letter.headers());
            headers.keySet().removeIf(name -> name.startsWith("dead-letter-"));
            writer.sendAndWait(topic, letter.key(), letter.value(), headers);
            sent++;
        }
        return sent;
    }

    private static String requireOriginal(String topic) {
        if (topic.endsWith(".dlq")) {
            throw new IllegalArgumentException("name the original topic (" + topic.substring(0, topic.length() - 4)
                    + "), not its dead-letter topic");
        }
        return topic;
    }

    private static DeadLetter letterOf(ConsumerRecord<String, String> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null
                    : new String(header.value(), StandardCharsets.UTF_8));
        }
        return new DeadLetter(record.partition(), record.offset(), record.key(), record.value(),
                headers.get("dead-letter-reason"), headers);
    }
}
