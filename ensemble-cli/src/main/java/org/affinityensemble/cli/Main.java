package org.affinityensemble.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/ensemble}: the command line of affinity-ensemble. */
@Command(name = "ensemble", mixinStandardHelpOptions = true, version = "affinity-ensemble 0.1.0",
        description = "Fine-tune one model on many datasets: affinity, groups, one LoRA adapter per group, an ensemble.",
        subcommands = {DatasetsCommand.class, IngestCommand.class, UpCommand.class, ClassifyCommand.class,
                BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }
}
