package org.affinityensemble.events;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;

/**
 * A version of the task grouping. {@code changedGroups} names the groups whose membership differs from the
 * previous version (new groups included), so that only their adapters are trained again.
 */
@JsonTypeName(GroupingUpdated.TYPE)
public record GroupingUpdated(int schemaVersion, long groupingVersion, long affinityVersion, String projectionId,
        List<TaskGroup> groups, List<String> changedGroups, double objective, String method) implements Event {

    public static final String TYPE = "grouping.updated";
    public static final int SCHEMA_VERSION = 1;

    public GroupingUpdated {
        Versions.require(schemaVersion, SCHEMA_VERSION, TYPE);
        InvalidEventException.require(groups != null && !groups.isEmpty(), "groups are missing");
        groups = List.copyOf(groups);
        changedGroups = changedGroups == null ? List.of() : List.copyOf(changedGroups);
    }

    public GroupingUpdated(long groupingVersion, long affinityVersion, String projectionId, List<TaskGroup> groups,
            List<String> changedGroups, double objective, String method) {
        this(SCHEMA_VERSION, groupingVersion, affinityVersion, projectionId, groups, changedGroups, objective,
                method);
    }
}
