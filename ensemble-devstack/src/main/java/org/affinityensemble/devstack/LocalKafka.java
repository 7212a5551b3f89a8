package org.affinityensemble.devstack;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Apache Kafka broker in KRaft mode (broker and controller in one), running in this JVM
 * on loopback. With a data directory it keeps its log across restarts; without one it starts empty.
 */
final class LocalKafka implements AutoCloseable {

    /** A fixed cluster id, so that a persistent log directory is formatted once and reused. */
    private static final Uuid PERSISTENT_CLUSTER_ID = new Uuid(0x61666669L, 0x6e697479L);

    private final EmbeddedKafkaBroker broker;
    private final Path logDir;

    private LocalKafka(EmbeddedKafkaBroker broker, Path logDir) {
        this.broker = broker;
        this.logDir = logDir;
    }

    static LocalKafka start(int port, Path logDir) {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()
                .withNodeId(1)
                .withKafkaHost("127.0.0.1")
                .withKafkaPort(port)
                .withClusterId(logDir == null ? Uuid.randomUuid().toString() : PERSISTENT_CLUSTER_ID.toString())
                .withDeleteLogDirsOnClose(logDir == null)
                .withAdditionalProperties(properties -> configure(properties, logDir));
        broker.start();
        return new LocalKafka(broker, logDir);
    }

    private static void configure(Properties properties, Path logDir) {
        if (logDir != null) {
            properties.put("log.dirs", logDir.toAbsolutePath().toString());
        }
        properties.put("num.partitions", "4");
        properties.put("message.max.bytes", String.valueOf(2 * 1024 * 1024));
        properties.put("auto.create.topics.enable", "true");
        properties.put("group.initial.rebalance.delay.ms", "0");
        properties.put("log.flush.interval.messages", "1");
    }

    String bootstrapServers() {
        return broker.getAdvertisedListeners();
    }

    /**
     * Another broker on this one's port and log, once this one is closed (a broker that went away and came back, for
     * fault drills); only for a broker with a log directory, whose log outlives it.
     */
    LocalKafka startAgain() {
        if (logDir == null) {
            throw new IllegalStateException("a broker without a log directory cannot come back with its log");
        }
        return start(EmbeddedKafkaBroker.parseEndpoint(bootstrapServers().split(",")[0]).port(), logDir);
    }

    @Override
    public void close() {
        broker.close();
    }
}
