package org.affinityensemble.events;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;

/** A new ensemble version is complete: its manifest (adapters, per-task weights, labels) is stored. */
@JsonTypeName(EnsemblePublished.TYPE)
public record EnsemblePublished(int schemaVersion, long ensembleVersion, String baseModelId, String bucket,
        String manifestKey, long groupingVersion, List<String> adapterIds) implements Event {

    public static final String TYPE = "ensemble.published";
    public static final int SCHEMA_VERSION = 1;

    public EnsemblePublished {
        Versions.require(schemaVersion, SCHEMA_VERSION, TYPE);
        InvalidEventException.requireId(baseModelId, "baseModelId");
        InvalidEventException.requireId(manifestKey, "manifestKey");
        adapterIds = adapterIds == null ? List.of() : List.copyOf(adapterIds);
    }

    public EnsemblePublished(long ensembleVersion, String baseModelId, String bucket, String manifestKey,
            long groupingVersion, List<String> adapterIds) {
        this(SCHEMA_VERSION, ensembleVersion, baseModelId, bucket, manifestKey, groupingVersion, adapterIds);
    }
}
