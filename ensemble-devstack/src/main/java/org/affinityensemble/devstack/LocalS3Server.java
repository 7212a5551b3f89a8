package org.affinityensemble.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * A real S3-compatible server: s3proxy with its filesystem backend, as its own JVM on loopback. The MinIO
 * client talks to it like to any S3 endpoint (path-style requests, AWS signature v4). Two identities share the
 * one store: the writer ({@link #ACCESS_KEY}) and a reader ({@link #READER_ACCESS_KEY}) behind s3proxy's
 * read-only middleware, which refuses every write; the services that only read get the reader.
 */
final class LocalS3Server implements AutoCloseable {

    static final String ACCESS_KEY = "ensemble";
    static final String SECRET_KEY = "ensemble-local-secret";
    static final String READER_ACCESS_KEY = "ensemble-reader";
    static final String READER_SECRET_KEY = "ensemble-reader-local-secret";

    private final Process process;
    private final int port;
    private final Path dataDir;

    private LocalS3Server(Process process, int port, Path dataDir) {
        this.process = process;
        this.port = port;
        this.dataDir = dataDir;
    }

    static LocalS3Server start(int port, Path dataDir) {
        try {
            Files.createDirectories(dataDir.resolve("objects"));
            Path writer = writeConfig(dataDir.resolve("s3proxy.conf"), port, dataDir, ACCESS_KEY, SECRET_KEY, false);
            Path reader = writeConfig(dataDir.resolve("s3proxy-reader.conf"), port, dataDir, READER_ACCESS_KEY,
                    READER_SECRET_KEY, true);
            Path log = dataDir.resolve("s3proxy.log");
            Process process = new ProcessBuilder(List.of(Processes.javaExecutable(), "-Xmx256m",
                    "-jar", s3proxyJar().toString(), "--properties", writer.toString(),
                    "--properties", reader.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            LocalS3Server server = new LocalS3Server(process, port, dataDir);
            Processes.killOnExit(process);
            server.awaitListening(Duration.ofSeconds(60), log);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start s3proxy", e);
        }
    }

    /** One identity's configuration: s3proxy serves every such file on the same endpoint and store. */
    private static Path writeConfig(Path config, int port, Path dataDir, String identity, String credential,
            boolean readOnly) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
        properties.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        properties.setProperty("s3proxy.identity", identity);
        properties.setProperty("s3proxy.credential", credential);
        properties.setProperty("s3proxy.read-only-blobstore", Boolean.toString(readOnly));
        properties.setProperty("jclouds.provider", "filesystem");
        properties.setProperty("jclouds.filesystem.basedir", dataDir.resolve("objects").toString());
        try (var out = Files.newOutputStream(config)) {
            properties.store(out, "s3proxy for the affinity-ensemble dev stack");
        }
        return config;
    }

    /** The s3proxy jar: ENSEMBLE_S3PROXY_JAR if set, else the one the build fetched into the local Maven repository. */
    static Path s3proxyJar() throws IOException {
        String override = System.getenv("ENSEMBLE_S3PROXY_JAR");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        Properties properties = new Properties();
        try (InputStream in = LocalS3Server.class.getResourceAsStream("devstack.properties")) {
            properties.load(in);
        }
        Path jar = Path.of(properties.getProperty("s3proxy.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("s3proxy jar not found at " + jar
                    + ": build the project (mvn install) or set ENSEMBLE_S3PROXY_JAR");
        }
        return jar;
    }

    private void awaitListening(Duration timeout, Path log) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited with " + process.exitValue() + ": "
                        + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Processes.sleep(Duration.ofMillis(100));
            }
        }
        close();
        throw new IllegalStateException("s3proxy did not listen on port " + port + " within " + timeout);
    }

    /** Another server on this one's port and objects, once this one is closed (for fault drills). */
    LocalS3Server startAgain() {
        return start(port, dataDir);
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        Processes.stop(process, Duration.ofSeconds(10));
    }
}
