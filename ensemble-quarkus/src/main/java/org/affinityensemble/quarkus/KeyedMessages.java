package org.affinityensemble.quarkus;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.affinityensemble.events.Event;
import org.affinityensemble.events.EventCodec;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Outgoing events as Kafka records with the key their topic is partitioned by. */
public final class KeyedMessages {

    private KeyedMessages() {
    }

    public static Message<String> of(String key, Event event) {
        return Message.of(EventCodec.encode(event))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
    }
}
