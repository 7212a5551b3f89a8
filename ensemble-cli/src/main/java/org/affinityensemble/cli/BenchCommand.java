package org.affinityensemble.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code ensemble bench <name> [options]}: the benchmarks. Each prints its figures as {@code key=value} lines,
 * measured side by side in one run; options are passed to the benchmark as they are.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run a benchmark and print its figures.",
        subcommands = {BenchCommand.Gradients.class, BenchCommand.Estimate.class, BenchCommand.Accuracy.class,
                BenchCommand.Cluster.class, BenchCommand.CountRule.class, BenchCommand.Serve.class,
                BenchCommand.Affinity.class, BenchCommand.Faults.class, BenchCommand.Security.class})
final class BenchCommand {

    /**
     * A benchmark whose options are passed through. They are collected as unmatched arguments: declared as
     * positional parameters, picocli would reject every {@code --name=value} as an unknown option.
     */
    abstract static class PassThrough implements Callable<Integer> {

        @Unmatched
        List<String> options = new ArrayList<>();

        String[] args() {
            return options.toArray(String[]::new);
        }
    }

    @Command(name = "gradients", description = "Per-example projected gradients: batched vs loop vs a training step.")
    static final class Gradients extends PassThrough {
        @Override
        public Integer call() throws Exception {
            org.affinityensemble.bench.gradients.GradientsBenchmark.main(args());
            return 0;
        }
    }

    @Command(name = "estimate",
            description = "Affinity surrogate vs real LoRA fine-tuning on task subsets: error, rank correlation, speed-up.")
    static final class Estimate extends PassThrough {
        @Override
        public Integer call() throws Exception {
            org.affinityensemble.bench.EstimateBenchmark.main(args());
            return 0;
        }
    }

    @Command(name = "accuracy",
            description = "Test accuracy of one adapter, one per task, random groups, affinity groups and boosting.")
    static final class Accuracy extends PassThrough {
        @Override
        public Integer call() throws Exception {
            org.affinityensemble.bench.AccuracyBenchmark.main(args());
            return 0;
        }
    }

    @Command(name = "cluster",
            description = "SDP solver and planner on planted block matrices: residuals, gap, time, recovery vs spectral. "
                    + "Arguments: [noise=0.5] [seed=1] [sizes=10,30,100].")
    static final class Cluster extends PassThrough {
        @Override
        public Integer call() {
            org.affinityensemble.bench.grouping.SdpBenchmark.main(args());
            return 0;
        }
    }

    @Command(name = "count-rule",
            description = "The group count on simulated matrices of 6-10 tasks, the noise scale pooled up to 5 tasks "
                    + "(before ADR 0123) and up to 8 (today), side by side: exact recoveries per shape and noise. "
                    + "Arguments: [seeds=100].")
    static final class CountRule extends PassThrough {
        @Override
        public Integer call() {
            org.affinityensemble.bench.grouping.CountRuleStudy.main(args());
            return 0;
        }
    }

    @Command(name = "serve",
            description = "POST /v1/classify of the packaged inference-service in both modes vs the bare model: "
                    + "throughput, p50/p99, serve_overhead, merged_vs_output.")
    static final class Serve extends PassThrough {
        @Override
        public Integer call() throws Exception {
            org.affinityensemble.bench.serve.ServeBenchmark.main(args());
            return 0;
        }
    }

    @Command(name = "affinity", description = "Does the matrix find related datasets: twins, families, ground truth.")
    static final class Affinity extends PassThrough {
        @Override
        public Integer call() throws Exception {
            org.affinityensemble.bench.AffinityBenchmark.main(args());
            return 0;
        }
    }

    @Command(name = "faults",
            description = "Against the running local stack (bin/ensemble up), or with --own-stack a throw-away one on "
                    + "free ports: a valid dataset sent twice (accepted_lost=) and bad inputs on every consumed topic "
                    + "(bad_inputs_tried=, bad_inputs_dead_lettered=); with --own-stack also 60 s of classify load on "
                    + "two inference instances across a version swap and a restart (load_requests=, load_errors=), "
                    + "then the kill and outage drill: two fresh systems on the same tasks, one left alone, one with "
                    + "each service SIGKILLed mid-work and PostgreSQL, the object store and the broker each away "
                    + "during ingestion, training and serving (kills_survived=, outage_seconds_survived=).")
    static final class Faults extends PassThrough {

        @picocli.CommandLine.Option(names = "--own-stack",
                description = "start a throw-away stack (broker, object store, the five services) and stop it after")
        boolean ownStack;

        @picocli.CommandLine.Option(names = "--outage-seconds", defaultValue = "60",
                description = "how long the drill keeps each dependency away (default: ${DEFAULT-VALUE})")
        int outageSeconds;

        @Override
        public Integer call() throws Exception {
            if (!ownStack) {
                List<String> all = new ArrayList<>(options);
                all.add("--api-key=" + org.affinityensemble.devstack.ApiKeys.forClient(EnsembleHome.dataDir()));
                org.affinityensemble.bench.faults.FaultsBenchmark.main(all.toArray(String[]::new));
                return 0;
            }
            java.nio.file.Path logs = java.nio.file.Files.createTempDirectory("bench-faults-");
            try (LocalSystem system = LocalSystem.start(EnsembleHome.repository(), new LocalSystem.Settings(
                    org.affinityensemble.devstack.DevStackOptions.ephemeral(), true, "bench_faults_", true,
                    java.util.Map.of(), logs), System.out)) {
                List<String> all = new ArrayList<>(options);
                all.add("--bootstrap-servers=" + system.endpoints().kafkaBootstrapServers());
                all.add("--trainer-url=" + system.service("trainer-service").url(""));
                all.add("--api-key=" + system.apiKey());
                org.affinityensemble.bench.faults.FaultsBenchmark.main(all.toArray(String[]::new));
                try (org.affinityensemble.model.task.LanguageModel model =
                        org.affinityensemble.bench.BenchModels.load(null)) {
                    var figures = new org.affinityensemble.bench.faults.ServingUnderLoad().run(system.endpoints(),
                            model, EnsembleHome.repository().resolve("inference-service/target/quarkus-app"),
                            java.time.Duration.ofSeconds(60), 4, logs);
                    System.out.println(figures.report());
                    figures.failures().stream().limit(20).forEach(failure -> System.out.println("  " + failure));
                }
            }
            FaultDrill.Figures drill = new FaultDrill(EnsembleHome.repository(), new FaultDrill.Settings(
                    FaultDrill.TASKS, FaultDrill.CAPS, FaultDrill.SEED, java.time.Duration.ofSeconds(outageSeconds),
                    java.time.Duration.ofMinutes(30)), logs, System.out).run();
            System.out.println(drill.report());
            drill.notes().forEach(note -> System.out.println("  " + note));
            return 0;
        }
    }

    @Command(name = "security",
            description = "The five packaged services probed as an intruder would: every endpoint without a token and "
                    + "with a wrong one, forged training results; unauthenticated_rejected=, forged_results_rejected=.")
    static final class Security extends PassThrough {
        @Override
        public Integer call() throws Exception {
            org.affinityensemble.bench.security.SecurityBenchmark.main(args());
            return 0;
        }
    }
}
