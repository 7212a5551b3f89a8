package org.affinityensemble.devstack;

import java.nio.file.Path;

/**
 * How to start a stack.
 *
 * @param dataDir where the broker's log and the objects live; {@code null} for a throw-away stack in a
 *        temporary directory, removed on close
 * @param kafkaPort the broker's port on loopback, 0 for any free port
 * @param s3Port the S3 server's port on loopback, 0 for any free port
 * @param mode local processes, containers, or containers only where a Docker engine answers
 * @param interruptible the broker, the object store and PostgreSQL can be taken away and brought back
 *        ({@link DevStack#cut}, {@link DevStack#restore}; local processes only): the broker keeps its log on disk,
 *        and the services reach PostgreSQL through a link the stack can cut
 */
public record DevStackOptions(Path dataDir, int kafkaPort, int s3Port, Mode mode, boolean interruptible) {

    public DevStackOptions(Path dataDir, int kafkaPort, int s3Port, Mode mode) {
        this(dataDir, kafkaPort, s3Port, mode, false);
    }

    /** These options, with dependencies that fault drills can take away ({@link #interruptible}); local only. */
    public DevStackOptions interruptibleLocal() {
        return new DevStackOptions(dataDir, kafkaPort, s3Port, Mode.LOCAL, true);
    }

    /** Where the services come from. */
    public enum Mode {
        /** Testcontainers where a Docker engine is reachable, local processes elsewhere. */
        AUTO,
        /** Kafka in this JVM, s3proxy as a child JVM, the machine's PostgreSQL. */
        LOCAL,
        /** Kafka, PostgreSQL and MinIO containers through Testcontainers. */
        CONTAINERS
    }

    /** A throw-away stack on free ports, as tests use it; ENSEMBLE_DEVSTACK=local|containers|auto overrides the mode. */
    public static DevStackOptions ephemeral() {
        return new DevStackOptions(null, 0, 0, modeFromEnvironment());
    }

    static Mode modeFromEnvironment() {
        String value = System.getenv("ENSEMBLE_DEVSTACK");
        return value == null || value.isBlank() ? Mode.AUTO : Mode.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
