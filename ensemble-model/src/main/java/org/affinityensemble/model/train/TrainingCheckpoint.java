package org.affinityensemble.model.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.tensor.HostTensor;
import org.affinityensemble.model.tensor.SafetensorsFile;
import org.affinityensemble.model.tensor.SafetensorsReader;
import org.affinityensemble.model.tensor.SafetensorsWriter;

/**
 * A training run after {@code epoch} finished epochs: the session's state (parameters, label embeddings, AdamW
 * moments and counts), the best adapter so far with its epoch, and every epoch's report. Stored as a safetensors file
 * (tensors for the arrays, metadata for the rest). {@code fingerprint} names the run's settings and data sizes; a
 * checkpoint of anything else is not resumed from.
 */
public record TrainingCheckpoint(int epoch, SessionState session, float[] bestParameters,
        Map<String, float[][]> bestLabels, int bestEpoch, List<EpochReport> reports, String fingerprint) {

    static final String FORMAT = "affinity-ensemble-training-checkpoint-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    public TrainingCheckpoint {
        bestLabels = Map.copyOf(bestLabels);
        reports = List.copyOf(reports);
    }

    /** The best adapter so far: {@code start} itself for epoch 0, else {@code start} with the saved values. */
    LoraAdapter best(LoraAdapter start) {
        if (bestEpoch == 0) {
            return start;
        }
        LoraAdapter best = start.withParameters(bestParameters);
        return bestLabels.isEmpty() ? best : best.withLabels(bestLabels);
    }

    public byte[] toBytes() {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        for (int k = 0; k < session.parameters().size(); k++) {
            float[] values = session.parameters().get(k);
            tensors.put("session.parameter." + k, new HostTensor(new long[] {values.length}, values));
        }
        session.labels().forEach((task, rows) -> tensors.put("session.label." + task, HostTensor.matrix(rows)));
        putOptimiser(tensors, "adam.lora.", session.optimizer());
        if (session.labelOptimizer() != null) {
            putOptimiser(tensors, "adam.label.", session.labelOptimizer());
        }
        tensors.put("best.parameters", new HostTensor(new long[] {bestParameters.length}, bestParameters));
        bestLabels.forEach((task, rows) -> tensors.put("best.label." + task, HostTensor.matrix(rows)));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", FORMAT);
        metadata.put("fingerprint", fingerprint);
        metadata.put("epoch", Integer.toString(epoch));
        metadata.put("best_epoch", Integer.toString(bestEpoch));
        metadata.put("parameters", Integer.toString(session.parameters().size()));
        metadata.put("adam.lora", counts(session.optimizer()));
        if (session.labelOptimizer() != null) {
            metadata.put("adam.label", counts(session.labelOptimizer()));
        }
        metadata.put("reports", json(reports));
        return SafetensorsWriter.toBytes(tensors, metadata);
    }

    public static TrainingCheckpoint fromBytes(byte[] bytes) {
        try {
            SafetensorsFile file = SafetensorsReader.read(bytes);
            Map<String, String> metadata = file.metadata();
            if (!FORMAT.equals(metadata.get("format"))) {
                throw new IllegalArgumentException("not a training checkpoint (format " + metadata.get("format") + ")");
            }
            int count = Integer.parseInt(metadata.get("parameters"));
            List<float[]> parameters = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                parameters.add(file.require("session.parameter." + k).data());
            }
            Map<String, float[][]> labels = rowsWithPrefix(file, "session.label.");
            ResumableAdamW.State lora = optimiser(file, "adam.lora.", metadata.get("adam.lora"));
            ResumableAdamW.State label = metadata.containsKey("adam.label")
                    ? optimiser(file, "adam.label.", metadata.get("adam.label")) : null;
            List<EpochReport> reports = JSON.readValue(metadata.get("reports"), new TypeReference<>() {
            });
            return new TrainingCheckpoint(Integer.parseInt(metadata.get("epoch")),
                    new SessionState(parameters, labels, lora, label), file.require("best.parameters").data(),
                    rowsWithPrefix(file, "best.label."), Integer.parseInt(metadata.get("best_epoch")), reports,
                    metadata.get("fingerprint"));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("unreadable training checkpoint: " + e.getMessage(), e);
        }
    }

    private static void putOptimiser(Map<String, HostTensor> tensors, String prefix, ResumableAdamW.State state) {
        state.means().forEach((key, values) -> tensors.put(prefix + "mean." + key,
                new HostTensor(new long[] {values.length}, values)));
        state.variances().forEach((key, values) -> tensors.put(prefix + "variance." + key,
                new HostTensor(new long[] {values.length}, values)));
    }

    private static ResumableAdamW.State optimiser(SafetensorsFile file, String prefix, String countsJson)
            throws JsonProcessingException {
        Map<String, Object> saved = JSON.readValue(countsJson, new TypeReference<>() {
        });
        @SuppressWarnings("unchecked")
        Map<String, Integer> counts = new LinkedHashMap<>((Map<String, Integer>) saved.get("counts"));
        Map<String, float[]> means = new LinkedHashMap<>();
        Map<String, float[]> variances = new LinkedHashMap<>();
        for (String key : counts.keySet()) {
            means.put(key, file.require(prefix + "mean." + key).data());
            variances.put(key, file.require(prefix + "variance." + key).data());
        }
        return new ResumableAdamW.State(means, variances, counts, ((Number) saved.get("steps")).intValue());
    }

    private static String counts(ResumableAdamW.State state) {
        return json(Map.of("counts", state.counts(), "steps", state.steps()));
    }

    private static Map<String, float[][]> rowsWithPrefix(SafetensorsFile file, String prefix) {
        Map<String, float[][]> rows = new LinkedHashMap<>();
        file.tensors().forEach((name, tensor) -> {
            if (name.startsWith(prefix)) {
                rows.put(name.substring(prefix.length()), tensor.rows());
            }
        });
        return rows;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
