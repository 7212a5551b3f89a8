package org.affinityensemble.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The real infrastructure of the system on one machine, without Docker: an Apache Kafka broker (KRaft), the
 * PostgreSQL server, an S3-compatible object server, and an OTLP endpoint for the services' spans. The services' tests and the local launcher
 * ({@code bin/ensemble up}) both start it through this class; where a Docker engine is reachable it starts
 * the same services as containers instead ({@link ContainerStack}).
 */
public final class DevStack implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DevStack.class);
    private static DevStack shared;

    /** What a fault drill can take away ({@link #cut}) and bring back ({@link #restore}). */
    public enum Dependency { DATABASE, OBJECT_STORE, BROKER }

    private final Endpoints endpoints;
    private final PostgresDatabases postgres;
    private final List<AutoCloseable> parts;
    private final Path temporaryDir;
    /** The parts a drill can cut, by dependency: empty unless the stack was started interruptible. */
    private final java.util.EnumMap<Dependency, AutoCloseable> interruptible = new java.util.EnumMap<>(Dependency.class);
    private final java.util.EnumSet<Dependency> cut = java.util.EnumSet.noneOf(Dependency.class);

    private DevStack(Endpoints endpoints, PostgresDatabases postgres, List<AutoCloseable> parts, Path temporaryDir) {
        this.endpoints = endpoints;
        this.postgres = postgres;
        this.parts = parts;
        this.temporaryDir = temporaryDir;
    }

    /** Starts a stack; the caller closes it. */
    public static DevStack start(DevStackOptions options) {
        boolean containers = switch (options.mode()) {
            case LOCAL -> false;
            case CONTAINERS -> true;
            case AUTO -> ContainerStack.dockerReachable();
        };
        return containers ? ContainerStack.start() : startLocal(options);
    }

    /**
     * The s3proxy jar the stack runs (the one the build fetched, or {@code ENSEMBLE_S3PROXY_JAR}): for tests that
     * start s3proxy the way a deployment does (docker-compose.yml, k8s/examples).
     */
    public static Path s3proxyJar() throws java.io.IOException {
        return LocalS3Server.s3proxyJar();
    }

    /** One throw-away stack per JVM, shared by every test class of the JVM and stopped when the JVM exits. */
    public static synchronized DevStack shared() {
        if (shared == null) {
            shared = start(DevStackOptions.ephemeral());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /**
     * Takes a dependency away, as an outage does: the broker and the S3 server stop (their data stays), the link to
     * PostgreSQL closes every connection and refuses new ones. Only on a stack started
     * {@linkplain DevStackOptions#interruptible interruptible}.
     */
    public synchronized void cut(Dependency dependency) {
        AutoCloseable part = interruptiblePart(dependency);
        if (!cut.add(dependency)) {
            return;
        }
        LOG.infof("fault drill: %s away", dependency);
        if (part instanceof SwitchableLink link) {
            link.cut();
        } else {
            closeAll(List.of(part));
        }
    }

    /** Brings a dependency back where it was, with its data ({@link #cut}). */
    public synchronized void restore(Dependency dependency) {
        AutoCloseable part = interruptiblePart(dependency);
        if (!cut.remove(dependency)) {
            return;
        }
        AutoCloseable back;
        if (part instanceof SwitchableLink link) {
            link.restore();
            back = link;
        } else if (part instanceof LocalKafka kafka) {
            back = kafka.startAgain();
        } else {
            back = ((LocalS3Server) part).startAgain();
        }
        parts.set(parts.indexOf(part), back);
        interruptible.put(dependency, back);
        LOG.infof("fault drill: %s back", dependency);
    }

    private AutoCloseable interruptiblePart(Dependency dependency) {
        AutoCloseable part = interruptible.get(dependency);
        if (part == null) {
            throw new IllegalStateException("this stack was not started interruptible (DevStackOptions.interruptible)");
        }
        return part;
    }

    private static DevStack startLocal(DevStackOptions options) {
        long started = System.nanoTime();
        List<AutoCloseable> parts = new ArrayList<>();
        Path temporary = null;
        try {
            Path dataDir = options.dataDir();
            if (dataDir == null) {
                temporary = Files.createTempDirectory("ensemble-devstack-");
                dataDir = temporary;
            }
            PostgresDatabases postgres = PostgresDatabases.fromEnvironment();
            postgres.ensureRunning();
            LocalKafka kafka = LocalKafka.start(options.kafkaPort(),
                    options.dataDir() == null && !options.interruptible() ? null : dataDir.resolve("kafka"));
            parts.add(kafka);
            TopicCatalog.createMissing(kafka.bootstrapServers());
            LocalS3Server s3 = LocalS3Server.start(options.s3Port() == 0 ? Processes.freePort() : options.s3Port(),
                    dataDir.resolve("s3"));
            parts.add(s3);
            LocalTraceReceiver traces = LocalTraceReceiver.start();
            parts.add(traces);
            SwitchableLink database = null;
            if (options.interruptible()) {
                database = SwitchableLink.to(postgres.host(), postgres.port());
                parts.add(database);
            }
            Endpoints endpoints = new Endpoints(kafka.bootstrapServers(), postgres.host(),
                    database == null ? postgres.port() : database.port(),
                    postgres.user(), postgres.password(), s3.endpoint(), LocalS3Server.ACCESS_KEY,
                    LocalS3Server.SECRET_KEY, LocalS3Server.READER_ACCESS_KEY, LocalS3Server.READER_SECRET_KEY,
                    traces.endpoint(),
                    options.dataDir() == null ? Endpoints.checkoutSuffix() : "");
            LOG.infof("Dev stack up in %.1f s: kafka %s, postgresql %s:%d, s3 %s",
                    (System.nanoTime() - started) / 1e9, endpoints.kafkaBootstrapServers(), endpoints.postgresHost(),
                    endpoints.postgresPort(), endpoints.s3Endpoint());
            DevStack stack = new DevStack(endpoints, postgres, parts, temporary);
            if (options.interruptible()) {
                stack.interruptible.put(Dependency.BROKER, kafka);
                stack.interruptible.put(Dependency.OBJECT_STORE, s3);
                stack.interruptible.put(Dependency.DATABASE, database);
            }
            return stack;
        } catch (IOException e) {
            closeAll(parts);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            closeAll(parts);
            throw e;
        }
    }

    static DevStack of(Endpoints endpoints, PostgresDatabases postgres, List<AutoCloseable> parts) {
        return new DevStack(endpoints, postgres, parts, null);
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    /** Creates a database on the stack's PostgreSQL server if missing; {@code fresh} drops it first. */
    public void ensureDatabase(String name, boolean fresh) {
        postgres.ensureDatabase(endpoints.databaseName(name), fresh);
    }

    @Override
    public synchronized void close() {
        closeAll(parts);
        parts.clear();
        if (temporaryDir != null) {
            deleteRecursively(temporaryDir);
        }
    }

    private static void closeAll(List<AutoCloseable> parts) {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                LOG.warn("error while stopping " + parts.get(i).getClass().getSimpleName(), e);
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.debug("cannot remove " + dir, e);
        }
    }
}
