package org.affinityensemble.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.affinityensemble.model.decoder.DecoderArchitecture;
import org.affinityensemble.model.decoder.DecoderBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ensemble model tiny}: a loadable decoder directory of the requested architecture, or one line saying why not. */
class ModelCommandTest {

    /** Exit code, standard output and standard error of one command. */
    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run(args);
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void writesALoadableModelOfEachArchitecture(@TempDir Path temp) throws IOException {
        for (DecoderArchitecture architecture : DecoderArchitecture.values()) {
            Path directory = temp.resolve(architecture.modelType());
            Run run = run("model", "tiny", "--arch", architecture.modelType(), "--seed", "7", directory.toString());

            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out().strip().lines()).hasSize(1);
            assertThat(run.out()).startsWith("wrote a tiny " + architecture.modelType() + " (2 layers, hidden 64, ")
                    .contains("parameters").contains(directory.toString());
            assertThat(directory.resolve("config.json")).isRegularFile();
            assertThat(directory.resolve("tokenizer.json")).isRegularFile();
            assertThat(directory.resolve("model.safetensors")).isRegularFile();
            try (DecoderBase base = DecoderBase.load(directory, "tiny-" + architecture.modelType(), DataType.FLOAT32)) {
                assertThat(base.config().architecture()).isEqualTo(architecture);
                assertThat(base.config().layers()).isEqualTo(2);
            }
        }
    }

    @Test
    void writesShardsWithTheirIndex(@TempDir Path temp) throws IOException {
        Path directory = temp.resolve("sharded");
        Run run = run("model", "tiny", "--arch=qwen2", "--shards=3", directory.toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("3 safetensors files");
        assertThat(directory.resolve("model.safetensors.index.json")).isRegularFile();
        assertThat(directory.resolve("model-00003-of-00003.safetensors")).isRegularFile();
        assertThat(directory.resolve("model.safetensors")).doesNotExist();
        try (DecoderBase base = DecoderBase.load(directory, "tiny-qwen2", DataType.FLOAT32)) {
            assertThat(base.config().architecture()).isEqualTo(DecoderArchitecture.QWEN2);
        }
    }

    @Test
    void anUnknownArchitectureIsOneLine(@TempDir Path temp) {
        Run run = run("model", "tiny", "--arch", "gpt2", temp.resolve("m").toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).startsWith("ensemble model tiny: unsupported decoder architecture 'gpt2'")
                .contains("llama").doesNotContain("at org.");
        assertThat(temp.resolve("m")).doesNotExist();
    }

    @Test
    void aNonEmptyDirectoryIsRefusedAndLeftAlone(@TempDir Path temp) throws IOException {
        Files.writeString(temp.resolve("notes.txt"), "mine");

        Run run = run("model", "tiny", "--arch", "llama", temp.toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).startsWith("ensemble model tiny: " + temp + " exists and is not empty")
                .doesNotContain("at org.");
        try (var entries = Files.list(temp)) {
            assertThat(entries).containsExactly(temp.resolve("notes.txt"));
        }
    }

    @Test
    void anEmptyDirectoryIsUsed(@TempDir Path temp) {
        Run run = run("model", "tiny", "--arch", "mistral", temp.toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(temp.resolve("config.json")).isRegularFile();
    }

    @Test
    void aShardCountOutOfRangeIsOneLine(@TempDir Path temp) {
        Run run = run("model", "tiny", "--arch", "llama", "--shards", "0", temp.resolve("m").toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).startsWith("ensemble model tiny: --shards must be between 1 and ");
    }
}
