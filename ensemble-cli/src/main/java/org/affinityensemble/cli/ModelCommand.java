package org.affinityensemble.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.affinityensemble.model.decoder.DecoderArchitecture;
import org.affinityensemble.model.decoder.DecoderConfig;
import org.affinityensemble.model.decoder.DecoderWeightNames;
import org.affinityensemble.model.decoder.TinyDecoders;
import org.affinityensemble.model.decoder.TinyTokenizer;
import org.affinityensemble.model.tensor.HostTensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ensemble model tiny}: model directories for tests and demos. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Model directories.",
        subcommands = {ModelCommand.Tiny.class})
final class ModelCommand {

    /**
     * {@code ensemble model tiny --arch llama|qwen2|mistral [--seed S] [--shards N] DIR}: a seeded random decoder LM
     * in Hugging Face's layout ({@code config.json}, {@code model.safetensors} or shards with
     * {@code model.safetensors.index.json}, {@code tokenizer.json}), written by {@link TinyDecoders}.
     */
    @Command(name = "tiny", mixinStandardHelpOptions = true,
            description = "Write a seeded random tiny decoder LM (2 layers, hidden 64) as a Hugging Face directory: "
                    + "config.json, safetensors, tokenizer.json.")
    static final class Tiny implements Callable<Integer> {

        // A string, not the enum: a wrong name is then one line (Main.failed), not picocli's usage text.
        @Option(names = "--arch", required = true, paramLabel = "llama|qwen2|mistral", description = "architecture")
        String arch;

        @Option(names = "--seed", defaultValue = "1", description = "seed of the weights (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--shards", defaultValue = "1",
                description = "safetensors files; more than 1 adds model.safetensors.index.json (default: ${DEFAULT-VALUE})")
        int shards;

        @Parameters(paramLabel = "DIR", description = "directory to write (must not exist, or be empty)")
        Path directory;

        @Override
        public Integer call() throws IOException {
            DecoderArchitecture architecture = DecoderArchitecture.of(arch);
            if (Files.exists(directory) && !isEmptyDirectory(directory)) {
                throw new IllegalArgumentException(directory + (Files.isDirectory(directory)
                        ? " exists and is not empty" : " exists and is not a directory"));
            }
            byte[] tokenizer = TinyDecoders.tokenizer(architecture);
            DecoderConfig config = TinyDecoders.config(architecture, TinyTokenizer.size(tokenizer));
            Map<String, long[]> shapes = DecoderWeightNames.shapes(config);
            if (shards < 1 || shards > shapes.size()) {
                throw new IllegalArgumentException("--shards must be between 1 and " + shapes.size()
                        + " (the tensors of a tiny " + architecture.modelType() + "), not " + shards);
            }
            TinyDecoders.write(config, TinyDecoders.weights(config, seed), tokenizer, directory, shards);
            long parameters = shapes.values().stream().mapToLong(HostTensor::elementCount).sum();
            System.out.printf("wrote a tiny %s (%d layers, hidden %d, vocabulary %d, %,d parameters, seed %d, "
                    + "%d safetensors file%s) to %s%n", architecture.modelType(), config.layers(), config.hiddenSize(),
                    config.vocabSize(), parameters, seed, shards, shards == 1 ? "" : "s",
                    directory.toAbsolutePath().normalize());
            return 0;
        }

        private static boolean isEmptyDirectory(Path directory) throws IOException {
            if (!Files.isDirectory(directory)) {
                return false;
            }
            try (Stream<Path> entries = Files.list(directory)) {
                return entries.findAny().isEmpty();
            }
        }
    }
}
