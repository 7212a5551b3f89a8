package org.affinityensemble.datasets;

import java.util.List;
import java.util.Map;

/**
 * The {@code <task>.meta.json} written beside a task's examples. It holds no time stamp, so a fetch writes
 * the same bytes every run.
 *
 * @param formatVersion the cache format; a cache of another version is fetched again
 * @param labels        the label names in the task's order
 * @param sources       the packages read, with the version asked for and the version obtained
 * @param examples      the number of lines in {@code <task>.jsonl}
 * @param labelCounts   examples per label, in label order
 * @param splitCounts   examples per split ({@code train}, {@code validation}, {@code test}, or {@code none}
 *                      for those the source gives no split)
 * @param cleaning      what cleaning cut and dropped
 */
public record TaskMeta(int formatVersion, String taskId, String description, List<String> labels,
        List<SourceVersion> sources, String licence, String attribution, String splitRule, int examples,
        Map<String, Integer> labelCounts, Map<String, Integer> splitCounts, CleaningReport cleaning) {

    /** The cache format written by this version of the module. */
    public static final int FORMAT_VERSION = 1;

    /** A package read, with the version pinned and the version the registry served. */
    public record SourceVersion(String registry, String name, String version, String actualVersion) {
    }

    /** What {@code ExampleCleaner} did: texts cut to the length cap, and examples dropped by each rule. */
    public record CleaningReport(int maxTextLength, int truncated, int empty, int otherLabel, int duplicates,
            int conflictingDuplicates) {
    }
}
