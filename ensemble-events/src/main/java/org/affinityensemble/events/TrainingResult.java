package org.affinityensemble.events;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.Map;

/** The outcome of one training run executed outside the trainer process (a Kubernetes Job). */
@JsonTypeName(TrainingResult.TYPE)
public record TrainingResult(int schemaVersion, String runId, String groupId, int attempt, Status status,
        String adapterPrefix, Map<String, Double> metrics, String message) implements Event {

    public static final String TYPE = "training.result";
    public static final int SCHEMA_VERSION = 1;

    public enum Status { SUCCEEDED, FAILED }

    public TrainingResult {
        Versions.require(schemaVersion, SCHEMA_VERSION, TYPE);
        InvalidEventException.requireId(runId, "runId");
        InvalidEventException.requireId(groupId, "groupId");
        InvalidEventException.require(status != null, "status is missing");
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        message = message == null ? "" : message;
    }

    public TrainingResult(String runId, String groupId, int attempt, Status status, String adapterPrefix,
            Map<String, Double> metrics, String message) {
        this(SCHEMA_VERSION, runId, groupId, attempt, status, adapterPrefix, metrics, message);
    }
}
