package org.affinityensemble.quarkus;

import java.util.Map;
import java.util.Set;
import org.affinityensemble.events.Topics;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Gives every Kafka client of a service the system's one message-size limit ({@link Topics#MAX_MESSAGE_BYTES}):
 * as {@code kafka.*} defaults they apply to every channel, the dead-letter producers included. Its ordinal is below
 * {@code application.properties}, which could still override them (none does).
 */
public class MessageSizeConfigSource implements ConfigSource {

    private static final Map<String, String> PROPERTIES = Map.of(
            "kafka.max.request.size", String.valueOf(Topics.MAX_MESSAGE_BYTES),
            "kafka.max.partition.fetch.bytes", String.valueOf(Topics.MAX_MESSAGE_BYTES));

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
        return "ensemble-message-size";
    }

    @Override
    public int getOrdinal() {
        return 150;
    }
}
