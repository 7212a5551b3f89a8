package org.affinityensemble.grouping;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps group ids stable across grouping versions. Previous and new groups are matched to maximise the total
 * number of shared tasks (Hungarian algorithm; ties broken towards higher Jaccard similarity); a new group
 * inherits the id of its match when they share at least one task, otherwise it gets a fresh id
 * {@code g-<k>}, k above every number used so far. Tasks may appear or disappear between versions. See
 * docs/adr/0033.
 */
public final class GroupIdentity {

    /** Prefix of generated group ids. */
    public static final String PREFIX = "g-";

    private static final Pattern GENERATED = Pattern.compile(Pattern.quote(PREFIX) + "(\\d{1,18})");

    private GroupIdentity() {
    }

    /** As {@link #assign(Map, List, Set)} with no retired ids to avoid beyond those in {@code previous}. */
    public static IdentifiedGrouping assign(Map<String, Set<String>> previous, List<Set<String>> next) {
        return assign(previous, next, Set.of());
    }

    /**
     * @param previous    the previous grouping, id → tasks (empty for the first version)
     * @param next        the new partition: nonempty, pairwise disjoint task sets
     * @param idsEverUsed ids used by any earlier version, so that fresh ids never reuse a retired one
     */
    public static IdentifiedGrouping assign(Map<String, Set<String>> previous, List<Set<String>> next,
            Set<String> idsEverUsed) {
        requireDisjointNonempty(next);
        List<String> previousIds = new ArrayList<>(new TreeSet<>(previous.keySet()));
        int[] match = MaxWeightMatching.maximise(weights(previousIds, previous, next));
        long nextNumber = firstFreeNumber(previous.keySet(), idsEverUsed);
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        List<String> changed = new ArrayList<>();
        for (int g = 0; g < next.size(); g++) {
            Set<String> tasks = Collections.unmodifiableSet(new TreeSet<>(next.get(g)));
            String id = null;
            for (int p = 0; p < previousIds.size(); p++) {
                if (match[p] == g && overlap(previous.get(previousIds.get(p)), tasks) > 0) {
                    id = previousIds.get(p);
                }
            }
            if (id == null) {
                id = PREFIX + nextNumber++;
            }
            groups.put(id, tasks);
            if (!tasks.equals(previous.get(id))) {
                changed.add(id);
            }
        }
        List<String> retired = previousIds.stream().filter(id -> !groups.containsKey(id)).toList();
        return new IdentifiedGrouping(Collections.unmodifiableMap(groups), List.copyOf(changed), retired);
    }

    /** Weight = shared tasks + Jaccard/(K+1): the Jaccard terms of any matching sum to less than one. */
    private static double[][] weights(List<String> previousIds, Map<String, Set<String>> previous,
            List<Set<String>> next) {
        double tieBreakScale = 1.0 / (Math.max(previousIds.size(), next.size()) + 1);
        double[][] w = new double[previousIds.size()][next.size()];
        for (int p = 0; p < previousIds.size(); p++) {
            Set<String> old = previous.get(previousIds.get(p));
            for (int g = 0; g < next.size(); g++) {
                int shared = overlap(old, next.get(g));
                int union = old.size() + next.get(g).size() - shared;
                w[p][g] = shared == 0 ? 0 : shared + tieBreakScale * shared / union;
            }
        }
        return w;
    }

    private static int overlap(Set<String> a, Set<String> b) {
        int shared = 0;
        for (String task : a) {
            if (b.contains(task)) {
                shared++;
            }
        }
        return shared;
    }

    private static long firstFreeNumber(Set<String> previousIds, Set<String> idsEverUsed) {
        long highest = 0;
        for (Set<String> ids : List.of(previousIds, idsEverUsed)) {
            for (String id : ids) {
                Matcher matcher = GENERATED.matcher(id);
                if (matcher.matches()) {
                    highest = Math.max(highest, Long.parseLong(matcher.group(1)));
                }
            }
        }
        return highest + 1;
    }

    private static void requireDisjointNonempty(List<Set<String>> next) {
        Set<String> seen = new HashSet<>();
        for (Set<String> group : next) {
            if (group.isEmpty()) {
                throw new IllegalArgumentException("the new partition holds an empty group");
            }
            for (String task : group) {
                if (!seen.add(task)) {
                    throw new IllegalArgumentException("task " + task + " is in two groups");
                }
            }
        }
    }
}
