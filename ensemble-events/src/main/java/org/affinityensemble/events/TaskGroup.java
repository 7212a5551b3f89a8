package org.affinityensemble.events;

import java.util.List;

/** A group of tasks that share one adapter. Group ids are stable across grouping versions. */
public record TaskGroup(String groupId, List<String> tasks) {

    public TaskGroup {
        InvalidEventException.requireId(groupId, "groupId");
        InvalidEventException.require(tasks != null && !tasks.isEmpty(), "group " + groupId + " is empty");
        tasks = List.copyOf(tasks);
    }
}
