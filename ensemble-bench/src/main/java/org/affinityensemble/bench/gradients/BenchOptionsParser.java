package org.affinityensemble.bench.gradients;

import java.util.List;
import picocli.CommandLine;

/**
 * Parses a benchmark's {@code --name=value} options with picocli into a mutable spec: an object whose
 * {@link CommandLine.Option} fields start at the benchmark's defaults. The benchmarks' option records
 * ({@link BenchmarkOptions}; the inference-service's ServeOptions; the CLI's EstimateOptions and AccuracyOptions)
 * build themselves from the spec, so their validation stays in their constructors.
 *
 * <p>A repeated option takes the last value (a multi-value option such as {@code --tasks=a,b} collects them);
 * {@code @file} arguments are not expanded. Every parse error becomes an {@link IllegalArgumentException}:
 * {@code unknown option --name} for an option the spec does not declare, {@code expected --name=value, got x}
 * for an argument that is not an option, picocli's message for an option without a value or with a value that
 * does not convert (it names the option).
 */
public final class BenchOptionsParser {

    private BenchOptionsParser() {
    }

    /** Sets the fields of {@code spec} from {@code args}; returns {@code spec}. */
    public static <T> T populate(T spec, String[] args) {
        CommandLine line = new CommandLine(spec)
                .setExpandAtFiles(false)
                .setOverwrittenOptionsAllowed(true);
        try {
            line.parseArgs(args);
        } catch (CommandLine.UnmatchedArgumentException e) {
            throw new IllegalArgumentException(unmatched(e), e);
        } catch (CommandLine.MissingParameterException e) {
            throw new IllegalArgumentException("expected --name=value: " + e.getMessage(), e);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return spec;
    }

    private static String unmatched(CommandLine.UnmatchedArgumentException e) {
        List<String> args = e.getUnmatched();
        if (args.isEmpty()) {
            return e.getMessage();
        }
        String arg = args.get(0);
        if (!arg.startsWith("-")) {
            return "expected --name=value, got " + arg;
        }
        String name = arg.split("=", 2)[0];
        List<String> suggestions = e.getSuggestions();
        return "unknown option " + name
                + (suggestions.isEmpty() ? "" : " (did you mean " + String.join(" or ", suggestions) + "?)");
    }
}
