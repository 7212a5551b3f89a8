package org.affinityensemble.inference.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.affinityensemble.inference.service.LoadError;

/**
 * The body of {@code GET /v1/models}: the base model this service runs and its architecture (Hugging Face's name:
 * {@code BertModel} for the sentence encoders, {@code LlamaForCausalLM}, {@code Qwen2ForCausalLM},
 * {@code MistralForCausalLM}), the ensemble serving (null before the first load) and the last load error (null if
 * none since the serving version loaded).
 */
public record ModelsView(String baseModelId, String architecture, String defaultMode, List<String> modes, Serving serving,
        LoadError lastError) {

    /** The serving ensemble version and what it holds. */
    public record Serving(long version, String baseModelId, long groupingVersion, Instant loadedAt,
            String createdAt, int maxLength, double scale, List<Adapter> adapters, List<Task> tasks) {
    }

    public record Adapter(String adapterId, String kind, String groupId, List<String> tasks, String prefix,
            Map<String, Double> metrics) {
    }

    /**
     * A task with its labels, its positive weights over adapter ids, its probe member's weight α (0: the adapters
     * alone, ADR 0124) and its validation accuracy as served.
     */
    public record Task(String task, List<String> labels, Map<String, Double> weights, double probeWeight,
            Double validationAccuracy) {
    }
}
