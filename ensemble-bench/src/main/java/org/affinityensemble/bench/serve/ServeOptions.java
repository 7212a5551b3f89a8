package org.affinityensemble.bench.serve;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.affinityensemble.bench.gradients.BenchOptionsParser;
import picocli.CommandLine.Option;

/**
 * Options of {@link ServeBenchmark}: concurrent clients, texts per request, timed and warm-up requests per mode
 * and round, rounds (each measures both modes through the service and through the bare model, interleaved),
 * adapters weighted in the task, the packaged service ({@code target/quarkus-app}) and its JVM options, and the base
 * model directory both the service and the bare model load ({@code null}: the bundled MiniLM encoder).
 */
public record ServeOptions(int concurrency, int textsPerRequest, int requests, int warmupRequests, int rounds,
        int adapters, int maxLength, Path app, List<String> serviceJvmOptions, int warmupSeconds, String modelDir) {

    /** The service's JVM options by default: the heap the Kubernetes manifests give it (half its 2 GiB limit). */
    public static final List<String> DEFAULT_SERVICE_JVM_OPTIONS = List.of("-Xmx1g");

    public ServeOptions {
        if (concurrency < 1 || textsPerRequest < 1 || requests < concurrency || warmupRequests < 0 || rounds < 1
                || adapters < 1 || maxLength < 8 || warmupSeconds < 0) {
            throw new IllegalArgumentException("invalid benchmark options");
        }
        serviceJvmOptions = List.copyOf(serviceJvmOptions);
    }

    /**
     * 8 clients, 1 text each, 384 timed and 32 warm-up requests per mode and round, 3 rounds (the median of three
     * resists one slow phase of a shared machine), 2 adapters, and first 30 s of load per mode: a freshly started
     * service is still JIT-compiling its request path, on the cores its forward passes need.
     */
    public static ServeOptions defaults() {
        return new Spec().options();
    }

    /**
     * Parses {@code --concurrency=N --texts-per-request=N --requests=N --warmup=N --rounds=N --adapters=N
     * --max-length=N --app=DIR --service-jvm-options=OPT[,OPT...] --warmup-seconds=S --model-dir=DIR} (each
     * optional) over the defaults.
     *
     * @throws IllegalArgumentException on an unknown option, a value that does not parse, or invalid values
     */
    public static ServeOptions parse(String[] args) {
        return BenchOptionsParser.populate(new Spec(), args).options();
    }

    /** {@code inference-service/target/quarkus-app} under {@code ensemble.home} (set by bin/ensemble) or here. */
    private static Path defaultApp() {
        Path local = Path.of("target", "quarkus-app");
        if (System.getProperty("ensemble.home") == null && Files.isDirectory(local)) {
            return local;
        }
        return Path.of(System.getProperty("ensemble.home", "."), "inference-service", "target", "quarkus-app");
    }

    /** The command line: an option per setting, each field initialised to its default. */
    private static final class Spec {

        @Option(names = "--concurrency", paramLabel = "N")
        int concurrency = 8;
        @Option(names = "--texts-per-request", paramLabel = "N")
        int textsPerRequest = 1;
        @Option(names = "--requests", paramLabel = "N")
        int requests = 384;
        @Option(names = "--warmup", paramLabel = "N")
        int warmup = 32;
        @Option(names = "--rounds", paramLabel = "N")
        int rounds = 3;
        @Option(names = "--adapters", paramLabel = "N")
        int adapters = 2;
        @Option(names = "--max-length", paramLabel = "N")
        int maxLength = 64;
        @Option(names = "--app", paramLabel = "DIR")
        Path app = defaultApp();
        @Option(names = "--service-jvm-options", paramLabel = "OPT", split = ",")
        List<String> serviceJvmOptions = new ArrayList<>(DEFAULT_SERVICE_JVM_OPTIONS);
        @Option(names = "--model-dir", paramLabel = "DIR")
        String modelDir;
        @Option(names = "--warmup-seconds", paramLabel = "S")
        int warmupSeconds = 30;

        ServeOptions options() {
            return new ServeOptions(concurrency, textsPerRequest, requests, warmup, rounds, adapters, maxLength, app,
                    serviceJvmOptions, warmupSeconds, modelDir);
        }
    }
}
