package org.affinityensemble.events;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;

/**
 * Per-example projected gradients of one shard. For each example: f0 = h(x) = log(p/(1-p)) of the correct
 * label at the LoRA initialisation, and the gradient of h with respect to the LoRA parameters projected to
 * {@code projection.dim()} dimensions, as little-endian float32 in base64 ({@link Vectors}).
 */
@JsonTypeName(GradientBatch.TYPE)
public record GradientBatch(int schemaVersion, String datasetId, int revision, int shard, int shardCount,
        ProjectionSpec projection, List<ExampleGradient> examples) implements Event {

    public static final String TYPE = "gradient.batch";
    public static final int SCHEMA_VERSION = 1;

    public record ExampleGradient(String sampleId, Split split, int label, double f0, String gradient) {

        public float[] vector() {
            return Vectors.decode(gradient);
        }
    }

    public GradientBatch {
        Versions.require(schemaVersion, SCHEMA_VERSION, TYPE);
        Ids.requireDatasetId(datasetId);
        InvalidEventException.require(projection != null, "projection is missing");
        InvalidEventException.require(examples != null, "examples are missing");
        examples = List.copyOf(examples);
    }

    public GradientBatch(String datasetId, int revision, int shard, int shardCount, ProjectionSpec projection,
            List<ExampleGradient> examples) {
        this(SCHEMA_VERSION, datasetId, revision, shard, shardCount, projection, examples);
    }
}
