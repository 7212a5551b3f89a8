package org.affinityensemble.trainer.execution;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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

    /** The client security settings a Job may get from its environment, as the services name them. */
    static final List<String> SECURITY_VARIABLES = List.of("KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM",
            "KAFKA_SASL_JAAS_CONFIG", "KAFKA_SSL_TRUSTSTORE_TYPE", "KAFKA_SSL_TRUSTSTORE_LOCATION");

    /**
     * A producer for {@code bootstrapServers} with the client security of {@code environment}
     * ({@link #securityFrom}): SASL/SCRAM over TLS as the training Jobs' Kafka user where the cluster requires it.
     */
    public KafkaResultSink(String bootstrapServers, Map<String, String> environment) {
        Map<String, Object> config = new HashMap<>(securityFrom(environment));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "training-job");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** KAFKA_SECURITY_PROTOCOL and the like as client properties ({@code security.protocol}, ...). */
    static Map<String, String> securityFrom(Map<String, String> environment) {
        Map<String, String> config = new HashMap<>();
        for (String variable : SECURITY_VARIABLES) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                config.put(variable.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        }
        return config;
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
