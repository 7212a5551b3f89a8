package org.affinityensemble.inference.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Options of {@link ServeBenchmark}: concurrent clients, texts per request, timed and warm-up requests per mode
 * and round, rounds (each measures both modes through the service and through the bare model, interleaved),
 * adapters weighted in the task, and the packaged service ({@code target/quarkus-app}).
 */
public record ServeOptions(int concurrency, int textsPerRequest, int requests, int warmupRequests, int rounds,
        int adapters, int maxLength, Path app) {

    public ServeOptions {
        if (concurrency < 1 || textsPerRequest < 1 || requests < concurrency || warmupRequests < 0 || rounds < 1
                || adapters < 1 || maxLength < 8) {
            throw new IllegalArgumentException("invalid benchmark options");
        }
    }

    /** 8 clients, 1 text each, 192 timed and 32 warm-up requests per mode and round, 2 rounds, 2 adapters. */
    public static ServeOptions defaults() {
        return new ServeOptions(8, 1, 192, 32, 2, 2, 64, defaultApp());
    }

    /**
     * Parses {@code --concurrency=N --texts-per-request=N --requests=N --warmup=N --rounds=N --adapters=N
     * --max-length=N --app=DIR} (each optional) over the defaults.
     */
    public static ServeOptions parse(String[] args) {
        ServeOptions o = defaults();
        int concurrency = o.concurrency;
        int texts = o.textsPerRequest;
        int requests = o.requests;
        int warmup = o.warmupRequests;
        int rounds = o.rounds;
        int adapters = o.adapters;
        int maxLength = o.maxLength;
        Path app = o.app;
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            switch (kv[0]) {
                case "concurrency" -> concurrency = Integer.parseInt(kv[1]);
                case "texts-per-request" -> texts = Integer.parseInt(kv[1]);
                case "requests" -> requests = Integer.parseInt(kv[1]);
                case "warmup" -> warmup = Integer.parseInt(kv[1]);
                case "rounds" -> rounds = Integer.parseInt(kv[1]);
                case "adapters" -> adapters = Integer.parseInt(kv[1]);
                case "max-length" -> maxLength = Integer.parseInt(kv[1]);
                case "app" -> app = Path.of(kv[1]);
                default -> throw new IllegalArgumentException("unknown option --" + kv[0]);
            }
        }
        return new ServeOptions(concurrency, texts, requests, warmup, rounds, adapters, maxLength, app);
    }

    /** {@code inference-service/target/quarkus-app} under {@code ensemble.home} (set by bin/ensemble) or here. */
    private static Path defaultApp() {
        Path local = Path.of("target", "quarkus-app");
        if (System.getProperty("ensemble.home") == null && Files.isDirectory(local)) {
            return local;
        }
        return Path.of(System.getProperty("ensemble.home", "."), "inference-service", "target", "quarkus-app");
    }
}
