package org.affinityensemble.datasets;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What fetching one task did.
 *
 * @param status      FETCHED (converted now), CACHED (already complete, skipped) or FAILED
 * @param examples    examples in the cache (0 when FAILED)
 * @param labelCounts examples per label, in label order (empty when FAILED)
 * @param elapsed     time spent on this task, including unpacking packages it was first to need
 * @param message     a line for people: where the files are, or why it failed
 */
public record FetchSummary(String taskId, Status status, int examples, Map<String, Integer> labelCounts,
        Duration elapsed, String message) {

    /** The outcome of fetching a task. */
    public enum Status { FETCHED, CACHED, FAILED }

    public FetchSummary {
        labelCounts = Collections.unmodifiableMap(new LinkedHashMap<>(labelCounts));
    }

    /** The smallest label count, 0 when there are none. */
    public int minLabelCount() {
        return labelCounts.values().stream().mapToInt(Integer::intValue).min().orElse(0);
    }

    /** The largest label count, 0 when there are none. */
    public int maxLabelCount() {
        return labelCounts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }
}
