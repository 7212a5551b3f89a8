package org.affinityensemble.datasets.source;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a registry client ({@code npm}, {@code apt-get}, {@code dpkg-deb}) and captures what it prints. */
public class CommandRunner {

    /** What a command did: its exit status and its standard output and error, interleaved. */
    public record Result(int exitCode, String output) {

        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    private final long timeoutMinutes;

    public CommandRunner(long timeoutMinutes) {
        this.timeoutMinutes = timeoutMinutes;
    }

    public CommandRunner() {
        this(20);
    }

    /**
     * Runs a command in a folder, with no input.
     *
     * @throws SourceUnavailableException if the program is not installed or runs past the time limit
     */
    public Result run(Path workingDirectory, List<String> command) throws IOException {
        Path log = Files.createTempFile("ensemble-command", ".log");
        try {
            Process process;
            try {
                process = new ProcessBuilder(command)
                        .directory(workingDirectory.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
            } catch (IOException e) {
                throw new SourceUnavailableException("cannot run '" + command.get(0) + "': " + e.getMessage(), e);
            }
            if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new SourceUnavailableException(String.join(" ", command) + " ran past "
                        + timeoutMinutes + " minutes");
            }
            return new Result(process.exitValue(), new String(Files.readAllBytes(log), StandardCharsets.UTF_8).strip());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
