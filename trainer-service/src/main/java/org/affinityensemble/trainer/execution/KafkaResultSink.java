package org.affinityensemble.trainer.execution;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.Topics;
import org.affinityensemble.events.TrainingResult;
import org.affinityensemble.training.run.TrainingResultSink;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes a training Job's result with a plain Kafka producer (acks=all, idempotent), keyed by group id. */
public final class KafkaResultSink implements TrainingResultSink, AutoCloseable {

    private final KafkaProducer<String, String> producer;

    public KafkaResultSink(String bootstrapServers) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "training-job"),
                new StringSerializer(), new StringSerializer());
    }

    @Override
    public void publish(TrainingResult result) {
        try {
            producer.send(new ProducerRecord<>(Topics.TRAINING_RESULTS, result.groupId(), EventCodec.encode(result)))
                    .get(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the training result", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot publish the training result: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
