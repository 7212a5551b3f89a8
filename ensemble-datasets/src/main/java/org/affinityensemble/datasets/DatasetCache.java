package org.affinityensemble.datasets;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.affinityensemble.datasets.source.PackageSource;

/**
 * The folder of normalised tasks: {@code <task>.jsonl}, one example a line
 * ({@code {"id":..,"text":..,"label":..,"split":..}}, split only where the source defines one), and
 * {@code <task>.meta.json} ({@link TaskMeta}). Both are written to temporary files and moved into place,
 * the meta last, so a task whose meta is present and agrees with its examples is complete.
 */
public final class DatasetCache {

    /** The variable that moves the cache: {@code ${ENSEMBLE_DATA_DIR}/datasets}. */
    public static final String DATA_DIR_VARIABLE = "ENSEMBLE_DATA_DIR";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final ObjectWriter META_WRITER = JSON.writer().with(SerializationFeature.INDENT_OUTPUT);

    private final Path directory;

    public DatasetCache(Path directory) {
        this.directory = directory;
    }

    /** {@code ${ENSEMBLE_DATA_DIR:-~/.cache/affinity-ensemble}/datasets}. */
    public static Path defaultDirectory() {
        String base = System.getenv(DATA_DIR_VARIABLE);
        Path root = base == null || base.isBlank()
                ? Path.of(System.getProperty("user.home"), ".cache", "affinity-ensemble")
                : Path.of(base);
        return root.resolve("datasets");
    }

    public Path directory() {
        return directory;
    }

    public Path examplesFile(String taskId) {
        return directory.resolve(taskId + ".jsonl");
    }

    public Path metaFile(String taskId) {
        return directory.resolve(taskId + ".meta.json");
    }

    /** The task's meta, if it was written. */
    public Optional<TaskMeta> meta(String taskId) throws IOException {
        Path file = metaFile(taskId);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(JSON.readValue(file.toFile(), TaskMeta.class));
    }

    /**
     * Whether the task is cached completely and by this format from the packages the catalog pins: the
     * meta is readable, matches the task, and counts as many examples as the examples file has lines.
     */
    public boolean isComplete(Task task) {
        try {
            Optional<TaskMeta> meta = meta(task.id());
            if (meta.isEmpty() || meta.get().formatVersion() != TaskMeta.FORMAT_VERSION
                    || !meta.get().taskId().equals(task.id()) || !meta.get().labels().equals(task.labels())
                    || !pinned(meta.get()).equals(pinned(task)) || !Files.exists(examplesFile(task.id()))) {
                return false;
            }
            try (Stream<String> lines = Files.lines(examplesFile(task.id()), StandardCharsets.UTF_8)) {
                return lines.count() == meta.get().examples();
            }
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static List<String> pinned(TaskMeta meta) {
        return meta.sources().stream().map(s -> s.registry() + ":" + s.name() + "@" + s.version()).toList();
    }

    private static List<String> pinned(Task task) {
        return task.sources().stream().map(s -> s.registry() + ":" + s.name() + "@" + s.version()).toList();
    }

    /** The tasks of {@code taskIds} not (completely) in the cache, in the order given. */
    public List<String> missing(java.util.Collection<String> taskIds) {
        return taskIds.stream().filter(id -> !isComplete(TaskCatalog.get(id))).toList();
    }

    /** Reads a cached task's examples, in file order. */
    public List<LabelledExample> examples(String taskId) throws IOException {
        List<LabelledExample> examples = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(examplesFile(taskId), StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                examples.add(JSON.readValue(line, LabelledExample.class));
            }
        }
        return examples;
    }

    /**
     * A cached task ready for training: every example split (the source's split kept, the rest split by
     * {@link StratifiedSplit} under the seed with the default fractions), then capped per split by
     * {@link StratifiedSample} under the same seed. The demo uses {@link SplitCaps#DEMO}.
     */
    public List<LabelledExample> sampledExamples(String taskId, long seed, SplitCaps caps) throws IOException {
        return StratifiedSample.sample(new StratifiedSplit(seed).fillMissing(examples(taskId)), caps, seed);
    }

    /** Replaces a task's files: examples first, then the meta. */
    void write(TaskMeta meta, List<LabelledExample> examples) throws IOException {
        Files.createDirectories(directory);
        Files.deleteIfExists(metaFile(meta.taskId()));
        Path examplesTemp = directory.resolve(meta.taskId() + ".jsonl.tmp");
        try (BufferedWriter writer = Files.newBufferedWriter(examplesTemp, StandardCharsets.UTF_8)) {
            for (LabelledExample example : examples) {
                writer.write(JSON.writeValueAsString(example));
                writer.write('\n');
            }
        }
        Files.move(examplesTemp, examplesFile(meta.taskId()), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        Path metaTemp = directory.resolve(meta.taskId() + ".meta.json.tmp");
        Files.writeString(metaTemp, META_WRITER.writeValueAsString(meta) + "\n", StandardCharsets.UTF_8);
        Files.move(metaTemp, metaFile(meta.taskId()), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** The source versions of a task as the meta records them. */
    static List<TaskMeta.SourceVersion> versions(List<PackageSource> sources, List<String> actualVersions) {
        List<TaskMeta.SourceVersion> versions = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            PackageSource source = sources.get(i);
            versions.add(new TaskMeta.SourceVersion(source.registry(), source.name(), source.version(),
                    actualVersions.get(i)));
        }
        return versions;
    }
}
