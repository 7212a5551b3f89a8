package org.affinityensemble.grouping;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A grouping whose groups carry stable ids.
 *
 * @param groups  group id → task ids, in the order of the new partition; task sets are sorted and unmodifiable
 * @param changed ids of groups that are new or whose membership differs from the previous version (their adapters
 *                must be trained again), in the order of {@code groups}
 * @param retired ids of previous groups that no longer exist, sorted
 */
public record IdentifiedGrouping(Map<String, Set<String>> groups, List<String> changed, List<String> retired) {
}
