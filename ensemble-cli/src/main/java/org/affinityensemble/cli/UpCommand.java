package org.affinityensemble.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ensemble up [--demo]}: the whole system on this machine — broker, database, object store and the
 * five services — and, with --demo, the demo tasks streamed in. Runs until interrupted.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start the local stack (Kafka, PostgreSQL, S3) and the five services; --demo streams the demo tasks in.")
final class UpCommand implements Callable<Integer> {

    @Option(names = "--demo", description = "fetch the demo tasks if needed and stream them in")
    boolean demo;

    @Option(names = "--fresh", description = "start from empty topics, databases and objects")
    boolean fresh;

    @Option(names = "--kafka-port", defaultValue = "9092")
    int kafkaPort;

    @Option(names = "--s3-port", defaultValue = "9000")
    int s3Port;

    @Option(names = "--exit-when-done", description = "stop everything once the demo has been served (for scripts)")
    boolean exitWhenDone;

    @Option(names = "--model-dir", paramLabel = "DIR", description = "a Hugging Face model directory every service "
            + "runs (a BERT-family encoder, or a Llama, Qwen2 or Mistral decoder, e.g. from 'ensemble model tiny'); "
            + "its name is the model id. Default: the bundled all-MiniLM-L6-v2. Use --fresh when switching models.")
    Path modelDir;

    @Override
    public Integer call() throws Exception {
        Map<String, String> environment = new LinkedHashMap<>();
        if (modelDir != null) {
            Path directory = modelDir.toAbsolutePath().normalize();
            if (!Files.isRegularFile(directory.resolve("config.json"))) {
                throw new IllegalArgumentException("--model-dir " + modelDir + " holds no config.json: give a Hugging "
                        + "Face model directory (bin/ensemble model tiny --arch llama DIR writes a small one)");
            }
            environment.put("ENSEMBLE_MODEL_DIR", directory.toString());
            environment.put("ENSEMBLE_MODEL_ID", directory.getFileName().toString());
        }
        try (LocalSystem system = LocalSystem.start(EnsembleHome.repository(),
                LocalSystem.Settings.local(EnsembleHome.dataDir(), kafkaPort, s3Port, fresh, environment),
                System.out)) {
            if (demo) {
                new Demo(system, EnsembleHome.dataDir(), System.out).run();
            }
            if (exitWhenDone) {
                return 0;
            }
            System.out.println("Running. Ctrl-C stops everything.");
            CountDownLatch forever = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
            forever.await();
        }
        return 0;
    }
}
