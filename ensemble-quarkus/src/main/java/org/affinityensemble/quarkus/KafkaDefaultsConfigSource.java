package org.affinityensemble.quarkus;

import java.util.Map;
import java.util.Set;
import org.affinityensemble.events.Topics;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * What every Kafka channel of a service shares. The system's one message-size limit ({@link Topics#MAX_MESSAGE_BYTES},
 * ADR 0102): as {@code kafka.*} defaults they apply to every client, the dead-letter producers included. And no age
 * limit on a record in processing (ADR 0103): a message waiting for a dependency that is away is not a stuck
 * consumer, so the connector does not report the service dead while it waits. Its ordinal is below
 * {@code application.properties}, which can still override them.
 */
public class KafkaDefaultsConfigSource implements ConfigSource {

    private static final Map<String, String> PROPERTIES = Map.of(
            "kafka.max.request.size", String.valueOf(Topics.MAX_MESSAGE_BYTES),
            "kafka.max.partition.fetch.bytes", String.valueOf(Topics.MAX_MESSAGE_BYTES),
            "mp.messaging.connector.smallrye-kafka.throttled.unprocessed-record-max-age.ms", "0");

    @Override
    public Set<String> getPropertyNames() {
        return PROPERTIES.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return PROPERTIES.get(propertyName);
    }

    @Override
    public String getName() {
        return "ensemble-kafka-defaults";
    }

    @Override
    public int getOrdinal() {
        return 150;
    }
}
