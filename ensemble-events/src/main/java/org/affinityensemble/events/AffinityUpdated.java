package org.affinityensemble.events;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;

/**
 * A version of the task-affinity matrix T over {@code tasks} (row i, column j: how much training together
 * with task j helps task i, z-scored per task and symmetrised; see docs/affinity.md).
 */
@JsonTypeName(AffinityUpdated.TYPE)
public record AffinityUpdated(int schemaVersion, long affinityVersion, String projectionId, List<String> tasks,
        double[][] matrix, int subsets, String metric) implements Event {

    public static final String TYPE = "affinity.updated";
    public static final int SCHEMA_VERSION = 1;

    public AffinityUpdated {
        Versions.require(schemaVersion, SCHEMA_VERSION, TYPE);
        InvalidEventException.require(tasks != null && matrix != null && matrix.length == tasks.size(),
                "matrix does not match the task list");
        for (double[] row : matrix) {
            InvalidEventException.require(row.length == tasks.size(), "matrix is not square");
        }
        tasks = List.copyOf(tasks);
    }

    public AffinityUpdated(long affinityVersion, String projectionId, List<String> tasks, double[][] matrix,
            int subsets, String metric) {
        this(SCHEMA_VERSION, affinityVersion, projectionId, tasks, matrix, subsets, metric);
    }
}
