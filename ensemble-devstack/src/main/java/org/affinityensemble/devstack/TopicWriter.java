package org.affinityensemble.devstack;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.affinityensemble.events.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes keyed text records to topics with an idempotent producer (acks=all), as the system's producers do. */
public final class TopicWriter implements AutoCloseable {

    private final KafkaProducer<String, String> producer;

    public TopicWriter(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, "5",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(Topics.MAX_MESSAGE_BYTES)),
                new StringSerializer(), new StringSerializer());
    }

    public Future<RecordMetadata> send(String topic, String key, String value) {
        return send(topic, key, value, Map.of());
    }

    /** Sends a record with headers (for example a W3C {@code traceparent}). */
    public Future<RecordMetadata> send(String topic, String key, String value, Map<String, String> headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, header) -> record.headers().add(name, header.getBytes(StandardCharsets.UTF_8)));
        return producer.send(record);
    }

    /** Sends and waits for the broker's acknowledgement. */
    public RecordMetadata sendAndWait(String topic, String key, String value) {
        return sendAndWait(topic, key, value, Map.of());
    }

    /** Sends a record with headers and waits for the broker's acknowledgement. */
    public RecordMetadata sendAndWait(String topic, String key, String value, Map<String, String> headers) {
        try {
            return send(topic, key, value, headers).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot send to " + topic, e.getCause());
        }
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
