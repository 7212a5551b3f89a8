package org.affinityensemble.devstack;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the services of a local stack send their spans: an OTLP/HTTP endpoint ({@code POST /v1/traces},
 * {@code http/protobuf}) that accepts and counts them, so that tracing runs as in a cluster without a collector
 * (a collector such as Jaeger or the OpenTelemetry Collector is what a deployment points them at). It answers
 * every export with an empty {@code ExportTraceServiceResponse} (an empty protobuf message: full success).
 */
public final class LocalTraceReceiver implements AutoCloseable {

    private final HttpServer server;
    private final AtomicLong exports = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    private LocalTraceReceiver(HttpServer server) {
        this.server = server;
    }

    /** Starts on a free port of the loopback interface. */
    public static LocalTraceReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            LocalTraceReceiver receiver = new LocalTraceReceiver(server);
            server.createContext("/v1/traces", exchange -> {
                try (InputStream body = exchange.getRequestBody()) {
                    if (!"POST".equals(exchange.getRequestMethod())) {
                        exchange.sendResponseHeaders(405, -1);
                        return;
                    }
                    receiver.bytes.addAndGet(body.readAllBytes().length);
                    receiver.exports.incrementAndGet();
                    exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                    exchange.sendResponseHeaders(200, -1);
                } finally {
                    exchange.close();
                }
            });
            server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "otlp-receiver");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local OTLP receiver", e);
        }
    }

    /** The OTLP/HTTP base endpoint ({@code OTEL_EXPORTER_OTLP_ENDPOINT}). */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Export requests received so far. */
    public long exports() {
        return exports.get();
    }

    /** Protobuf bytes received so far. */
    public long bytes() {
        return bytes.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
