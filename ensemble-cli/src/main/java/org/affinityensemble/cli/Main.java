package org.affinityensemble.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code bin/ensemble}: the command line of affinity-ensemble. */
@Command(name = "ensemble", mixinStandardHelpOptions = true, version = "affinity-ensemble 0.1.0",
        description = "Fine-tune one model on many datasets: affinity, groups, one LoRA adapter per group, an ensemble.",
        subcommands = {DatasetsCommand.class, IngestCommand.class, UpCommand.class, ClassifyCommand.class,
                DlqCommand.class, BenchCommand.class, ModelCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(Main::failed).execute(args);
    }

    /**
     * A command that fails says why in one line (a user's mistake, or something the machine lacks, is not a
     * stack trace); {@code ENSEMBLE_DEBUG=1} prints the trace as well. Wrong options exit with 2, the rest with 1.
     */
    static int failed(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        Throwable cause = e;
        while ((cause instanceof java.io.UncheckedIOException || cause instanceof java.util.concurrent.ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null || cause.getMessage().isBlank() ? cause.toString()
                : cause.getMessage();
        command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + message);
        if ("1".equals(System.getenv("ENSEMBLE_DEBUG"))) {
            e.printStackTrace(command.getErr());
        }
        return cause instanceof IllegalArgumentException ? 2 : 1;
    }
}
